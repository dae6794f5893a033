package io.pinscope.model;

import java.util.HexFormat;

/**
 * A 16-byte W3C / OTel trace id, the primary key of a transaction. Rendered as 32 lower-case hex digits.
 * The all-zero id is invalid in OTel; {@link #isValid()} reports it but construction allows it so that
 * callers can reject it with their own message.
 */
public record TraceId(long high, long low) implements Comparable<TraceId> {
  /** Length in bytes of the binary form. */
  public static final int BYTES = 16;

  /** Parses 32 hex digits in either case. */
  public static TraceId fromHex(CharSequence hex) {
    if (hex.length() != 32) {
      throw new IllegalArgumentException(
          "trace id: " + hex + " (expected: 32 hex digits, found " + hex.length() + ")");
    }
    try {
      return new TraceId(
          HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("trace id: " + hex + " (expected: 32 hex digits)", e);
    }
  }

  /** Reads 16 big-endian bytes starting at {@code offset}. */
  public static TraceId fromBytes(byte[] bytes, int offset) {
    if (bytes.length - offset < BYTES) {
      throw new IllegalArgumentException(
          "trace id bytes: " + (bytes.length - offset) + " (expected: " + BYTES + ")");
    }
    return new TraceId(Bytes.readLong(bytes, offset), Bytes.readLong(bytes, offset + 8));
  }

  /** Reads exactly 16 bytes. */
  public static TraceId fromBytes(byte[] bytes) {
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException(
          "trace id bytes: " + bytes.length + " (expected: " + BYTES + ")");
    }
    return fromBytes(bytes, 0);
  }

  /** False for the all-zero id, which OTel defines as invalid. */
  public boolean isValid() {
    return high != 0 || low != 0;
  }

  /** The 16 big-endian bytes. */
  public byte[] toBytes() {
    byte[] out = new byte[BYTES];
    writeTo(out, 0);
    return out;
  }

  /** Writes the 16 big-endian bytes at {@code offset}. */
  public void writeTo(byte[] out, int offset) {
    Bytes.writeLong(out, offset, high);
    Bytes.writeLong(out, offset + 8, low);
  }

  /** 32 lower-case hex digits. */
  public String toHex() {
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits(high) + hex.toHexDigits(low);
  }

  @Override
  public int compareTo(TraceId o) {
    int c = Long.compareUnsigned(high, o.high);
    return c != 0 ? c : Long.compareUnsigned(low, o.low);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
