package io.pinscope.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads what {@link BinaryWriter} wrote; fails with {@link IllegalStateException} on truncated input. */
final class BinaryReader {
  private final byte[] buf;
  private int pos;
  private final int end;
  private final @Nullable Map<Slice, String> strings;

  BinaryReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  BinaryReader(byte[] buf, int offset, int end) {
    this(buf, offset, end, null);
  }

  /**
   * Reads {@code buf}; {@code strings}, when set, holds the strings read so far by their UTF-8 bytes, shared by
   * the readers of one scan: values that repeat the same names in every row decode each name once, and hand
   * out the same instance (its hash computed once).
   */
  BinaryReader(byte[] buf, @Nullable Map<Slice, String> strings) {
    this(buf, 0, buf.length, strings);
  }

  private BinaryReader(byte[] buf, int offset, int end, @Nullable Map<Slice, String> strings) {
    this.buf = buf;
    this.pos = offset;
    this.end = end;
    this.strings = strings;
  }

  /** A byte range, compared by content: the key of a string table. */
  static final class Slice {
    private final byte[] bytes;
    private final int offset;
    private final int length;
    private final int hash;

    Slice(byte[] bytes, int offset, int length) {
      this.bytes = bytes;
      this.offset = offset;
      this.length = length;
      int h = 1;
      for (int i = offset; i < offset + length; i++) {
        h = 31 * h + bytes[i];
      }
      this.hash = h;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Slice s && Arrays.equals(bytes, offset, offset + length, s.bytes, s.offset,
          s.offset + s.length);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private void need(int n) {
    if (pos + n > end) {
      throw new IllegalStateException("corrupt value: needs " + n + " more bytes at " + pos + " of " + end);
    }
  }

  boolean hasRemaining() {
    return pos < end;
  }

  void skip(int n) {
    if (n < 0) {
      throw new IllegalStateException("corrupt value: negative length " + n + " at " + pos);
    }
    need(n);
    pos += n;
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
    String s;
    if (strings == null) {
      s = new String(buf, pos, n, StandardCharsets.UTF_8);
    } else {
      Slice key = new Slice(buf, pos, n);
      s = strings.get(key);
      if (s == null) {
        s = new String(buf, pos, n, StandardCharsets.UTF_8);
        strings.put(new Slice(Arrays.copyOfRange(buf, pos, pos + n), 0, n), s); // not the row's buffer
      }
    }
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
