package io.pinscope.receiver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client on a plain socket that sends exactly what the test says — headers, then as many
 * body bytes as it likes, then nothing — so that a test can prove what the server does before a body has
 * arrived.
 */
final class RawHttp implements AutoCloseable {
  /** A response: status, lower-case header names, body. */
  record Response(int status, Map<String, String> headers, byte[] body) {}

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(60_000);
    out = socket.getOutputStream();
    in = socket.getInputStream();
  }

  /** Sends a POST's request line and headers ({@code name: value} pairs), nothing of the body. */
  RawHttp post(String path, String... headers) throws IOException {
    StringBuilder b = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (int i = 0; i < headers.length; i += 2) {
      b.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    out.write(b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return this;
  }

  /** Sends {@code n} zero bytes of body. */
  RawHttp body(int n) throws IOException {
    byte[] chunk = new byte[Math.min(n, 64 * 1024)];
    for (int left = n; left > 0; left -= chunk.length) {
      out.write(chunk, 0, Math.min(left, chunk.length));
    }
    out.flush();
    return this;
  }

  /** Sends one chunk of a {@code Transfer-Encoding: chunked} body. */
  RawHttp chunk(byte[] data) throws IOException {
    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return this;
  }

  /** Reads one response (blocks up to the socket timeout). */
  Response response() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed after " + head.size() + " bytes of response head");
      }
      head.write(c);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    return new Response(status, headers, in.readNBytes(length));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
