package io.pinscope.receiver.mapping;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes the UTF-8 strings of a protobuf body in place, rejecting invalid UTF-8 as protobuf-java does for
 * proto3 {@code string} fields, and hands back the same {@link String} for a short text seen recently: attribute
 * keys, span names and most attribute values repeat from span to span, so they are neither decoded nor
 * allocated again (and their hash codes, which the storage codec and the statistics use, are computed once).
 * A direct-mapped table of {@value #SLOTS} texts of at most {@value #MAX_CACHED_BYTES} bytes; a collision simply
 * replaces the older text. Not thread-safe: one per thread ({@link #forThisThread()}).
 */
final class Utf8Texts {
  static final int SLOTS = 4096;
  static final int MAX_CACHED_BYTES = 64;
  private static final ThreadLocal<Utf8Texts> PER_THREAD = ThreadLocal.withInitial(Utf8Texts::new);

  private final byte[][] bytes = new byte[SLOTS][];
  private final String[] texts = new String[SLOTS];

  static Utf8Texts forThisThread() {
    return PER_THREAD.get();
  }

  /** The text of {@code length} bytes at {@code offset} of {@code body}. */
  String decode(byte[] body, int offset, int length) throws InvalidProtocolBufferException {
    if (length == 0) {
      return "";
    }
    if (length > MAX_CACHED_BYTES) {
      return decodeNew(body, offset, length);
    }
    int h = 1;
    for (int i = offset, end = offset + length; i < end; i++) {
      h = 31 * h + body[i];
    }
    int slot = (h ^ (h >>> 15)) & (SLOTS - 1);
    byte[] known = bytes[slot];
    if (known != null && Arrays.equals(known, 0, known.length, body, offset, offset + length)) {
      return texts[slot];
    }
    String text = decodeNew(body, offset, length);
    bytes[slot] = Arrays.copyOfRange(body, offset, offset + length);
    texts[slot] = text;
    return text;
  }

  private static String decodeNew(byte[] body, int offset, int length) throws InvalidProtocolBufferException {
    String text = new String(body, offset, length, StandardCharsets.UTF_8);
    // The lenient decoder turns malformed input into U+FFFD: only then is a strict check needed (the text
    // may hold a real U+FFFD).
    if (text.indexOf('\uFFFD') >= 0) {
      try {
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body, offset, length));
      } catch (CharacterCodingException e) {
        throw new InvalidProtocolBufferException("Protocol message had invalid UTF-8.");
      }
    }
    return text;
  }
}
