package io.pinscope.receiver.mapping;

import com.google.protobuf.InvalidProtocolBufferException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes the UTF-8 strings of a protobuf body in place, rejecting invalid UTF-8 as protobuf-java does for
 * proto3 {@code string} fields ({@link #decode}), and hands back the same {@link String} for a name seen
 * recently ({@link #name}): attribute keys and span, event and scope names repeat from span to span, so they
 * are neither decoded nor allocated again, and their hash codes, which the storage codec's key dictionary and
 * the statistics' attribute look-ups use, are computed once. Names only: attribute values repeat far less, and
 * a table that misses costs more than it saves (measured with {@code IngestPathBenchmark}).
 *
 * <p>A two-way set-associative table of {@value #SLOTS} names of at most {@value #MAX_NAME_BYTES} bytes; a set
 * that is full forgets its less recently used name. Not thread-safe: one per thread ({@link #forThisThread}).
 */
final class Utf8Texts {
  static final int SLOTS = 2048;
  static final int MAX_NAME_BYTES = 64;
  private static final ThreadLocal<Utf8Texts> PER_THREAD = ThreadLocal.withInitial(Utf8Texts::new);

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[][] bytes = new byte[SLOTS][];
  private final String[] texts = new String[SLOTS];

  private Utf8Texts() {}

  /** This thread's table. */
  static Utf8Texts forThisThread() {
    return PER_THREAD.get();
  }

  /** The name of {@code length} bytes at {@code offset} of {@code body}, the same String as last time. */
  String name(byte[] body, int offset, int length) throws InvalidProtocolBufferException {
    if (length == 0) {
      return "";
    }
    if (length > MAX_NAME_BYTES) {
      return decode(body, offset, length);
    }
    int h = hash(body, offset, length);
    // Two ways per set, the most recently used first: two names that share a set (it happens among a hundred)
    // do not push each other out on every span.
    int first = h & (SLOTS - 2);
    if (matches(first, body, offset, length)) {
      return texts[first];
    }
    int second = first + 1;
    if (matches(second, body, offset, length)) {
      byte[] known = bytes[second];
      String text = texts[second];
      bytes[second] = bytes[first];
      texts[second] = texts[first];
      bytes[first] = known;
      texts[first] = text;
      return text;
    }
    String text = decode(body, offset, length);
    bytes[second] = bytes[first];
    texts[second] = texts[first];
    bytes[first] = Arrays.copyOfRange(body, offset, offset + length);
    texts[first] = text;
    return text;
  }

  /**
   * The length and the first and last 8 bytes, mixed: reading every byte would cost about what decoding
   * them does. Names that share all three share a set, whose two ways hold them both.
   */
  private static int hash(byte[] body, int offset, int length) {
    long head;
    long tail;
    if (length >= 8) {
      head = (long) LONGS.get(body, offset);
      tail = (long) LONGS.get(body, offset + length - 8);
    } else {
      head = 0;
      for (int i = offset, end = offset + length; i < end; i++) {
        head = head << 8 | (body[i] & 0xFF);
      }
      tail = 0;
    }
    long x = (head * 0x9E3779B97F4A7C15L) ^ (tail * 0xC2B2AE3D27D4EB4FL) ^ length;
    return (int) (x ^ (x >>> 29) ^ (x >>> 47));
  }

  private boolean matches(int slot, byte[] body, int offset, int length) {
    byte[] known = bytes[slot];
    return known != null && Arrays.equals(known, 0, known.length, body, offset, offset + length);
  }

  /** The text of {@code length} bytes at {@code offset} of {@code body}. */
  static String decode(byte[] body, int offset, int length) throws InvalidProtocolBufferException {
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
