package io.pinscope.model;

import java.util.HexFormat;

/**
 * OTel's 8-byte span ids, held as signed longs (Pinpoint's representation). {@link #NONE} (-1) means
 * "no parent"; 0 is OTel's invalid id.
 */
public final class SpanIds {
  /** The parent id of a root span. */
  public static final long NONE = -1L;

  /** Parses 16 hex digits in either case. */
  public static long fromHex(CharSequence hex) {
    if (hex.length() != 16) {
      throw new IllegalArgumentException(
          "span id: " + hex + " (expected: 16 hex digits, found " + hex.length() + ")");
    }
    try {
      return HexFormat.fromHexDigitsToLong(hex);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("span id: " + hex + " (expected: 16 hex digits)", e);
    }
  }

  /** Reads 8 big-endian bytes. */
  public static long fromBytes(byte[] bytes) {
    if (bytes.length != 8) {
      throw new IllegalArgumentException("span id bytes: " + bytes.length + " (expected: 8)");
    }
    return Bytes.readLong(bytes, 0);
  }

  /** Reads 8 big-endian bytes starting at {@code offset} (decoders reading ids in place). */
  public static long fromBytes(byte[] bytes, int offset) {
    if (offset < 0 || bytes.length - offset < 8) {
      throw new IllegalArgumentException("span id bytes: " + (bytes.length - offset) + " (expected: 8)");
    }
    return Bytes.readLong(bytes, offset);
  }

  /** 16 lower-case hex digits. */
  public static String toHex(long spanId) {
    return HexFormat.of().toHexDigits(spanId);
  }

  /** True unless the id is OTel's invalid 0. */
  public static boolean isValid(long spanId) {
    return spanId != 0;
  }

  private SpanIds() {}
}
