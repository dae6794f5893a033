package io.pinscope.receiver.transport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Undoes {@code Content-Encoding}: identity or gzip, inflating at most {@code maxBytes} so that a gzip
 * bomb costs bounded memory (413 past the limit); unknown encodings are 415, corrupt gzip 400.
 */
final class BodyDecoder {
  private BodyDecoder() {}

  static byte[] decode(BodyReader.Body body, String contentEncoding, long maxBytes) {
    String encoding = contentEncoding.trim().toLowerCase(Locale.ROOT);
    if (encoding.isEmpty() || encoding.equals("identity")) {
      if (body.length() > maxBytes) {
        throw tooLarge(maxBytes);
      }
      return body.exact();
    }
    if (!encoding.equals("gzip") && !encoding.equals("x-gzip")) {
      throw new BadRequestException(415,
          "unsupported Content-Encoding: " + contentEncoding + " (expected: gzip or none)");
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body.array(), 0, body.length()), 64 * 1024)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(body.length() * 4, 1 << 20) + 16);
      byte[] buf = new byte[64 * 1024];
      long total = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > maxBytes) {
          throw tooLarge(maxBytes);
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new BadRequestException(400, "corrupt gzip body: " + e.getMessage() + " (expected: valid gzip)", e);
    }
  }

  private static BadRequestException tooLarge(long maxBytes) {
    return new BadRequestException(413,
        "request body exceeds " + maxBytes + " bytes after decompression (expected: at most that; split the batch)");
  }
}
