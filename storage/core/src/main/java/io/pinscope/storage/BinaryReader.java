package io.pinscope.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads what {@link BinaryWriter} wrote; fails with {@link IllegalStateException} on truncated input. */
final class BinaryReader {
  private final byte[] buf;
  private int pos;
  private final int end;

  BinaryReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  BinaryReader(byte[] buf, int offset, int end) {
    this.buf = buf;
    this.pos = offset;
    this.end = end;
  }

  private void need(int n) {
    if (pos + n > end) {
      throw new IllegalStateException("corrupt value: needs " + n + " more bytes at " + pos + " of " + end);
    }
  }

  boolean hasRemaining() {
    return pos < end;
  }

  int position() {
    return pos;
  }

  int readByte() {
    need(1);
    return buf[pos++] & 0xFF;
  }

  byte[] readBytes(int n) {
    need(n);
    byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return out;
  }

  long readVarLong() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalStateException("corrupt value: varint longer than 10 bytes at " + pos);
  }

  int readVarInt() {
    return (int) readVarLong();
  }

  long readSignedVarLong() {
    long v = readVarLong();
    return (v >>> 1) ^ -(v & 1);
  }

  long readLong() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  int readInt() {
    need(4);
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  double readDouble() {
    return Double.longBitsToDouble(readLong());
  }

  String readString() {
    int n = readVarInt();
    need(n);
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  /** Skips a length-prefixed string or byte array. */
  void skipLengthPrefixed() {
    int n = readVarInt();
    need(n);
    pos += n;
  }

  byte[] readLengthPrefixed() {
    return readBytes(readVarInt());
  }
}
