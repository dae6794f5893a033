package io.pinscope.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with varint, zig-zag, fixed-width and string encoders. Not thread-safe. */
final class BinaryWriter {
  private byte[] buf;
  private int pos;

  BinaryWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  BinaryWriter() {
    this(64);
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }

  BinaryWriter writeByte(int b) {
    ensure(1);
    buf[pos++] = (byte) b;
    return this;
  }

  BinaryWriter writeBytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
    return this;
  }

  /** Unsigned LEB128 varint of a long (1-10 bytes). */
  BinaryWriter writeVarLong(long v) {
    ensure(10);
    byte[] b = buf;
    int p = pos;
    while ((v & ~0x7FL) != 0) {
      b[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[p++] = (byte) v;
    pos = p;
    return this;
  }

  BinaryWriter writeVarInt(int v) {
    if ((v & ~0x7F) == 0) { // one byte: lengths, counts, dictionary keys, type tags are mostly below 128
      ensure(1);
      buf[pos++] = (byte) v;
      return this;
    }
    return writeVarLong(v & 0xFFFFFFFFL);
  }

  /** Zig-zag varint, compact for small negative numbers. */
  BinaryWriter writeSignedVarLong(long v) {
    return writeVarLong((v << 1) ^ (v >> 63));
  }

  /** 8 big-endian bytes (sorts as unsigned). */
  BinaryWriter writeLong(long v) {
    ensure(8);
    for (int i = 7; i >= 0; i--) {
      buf[pos + i] = (byte) v;
      v >>>= 8;
    }
    pos += 8;
    return this;
  }

  /** 4 big-endian bytes. */
  BinaryWriter writeInt(int v) {
    ensure(4);
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
    return this;
  }

  BinaryWriter writeDouble(double d) {
    return writeLong(Double.doubleToRawLongBits(d));
  }

  /** Varint length + UTF-8 bytes. */
  BinaryWriter writeString(String s) {
    int n = s.length();
    int start = pos;
    // ASCII, by far the common case, in one pass: the length is the char count, the bytes the chars.
    if (n < 0x80) {
      ensure(1 + n);
      buf[pos++] = (byte) n;
    } else {
      writeVarInt(n);
      ensure(n);
    }
    byte[] b = buf;
    int p = pos;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        pos = start; // not ASCII after all: start again with the UTF-8 bytes and their length
        return writeLengthPrefixed(s.getBytes(StandardCharsets.UTF_8));
      }
      b[p + i] = (byte) c;
    }
    pos = p + n;
    return this;
  }

  /** Forgets what was written, keeping the buffer for reuse. */
  BinaryWriter reset() {
    pos = 0;
    return this;
  }

  /** Varint length + bytes. */
  BinaryWriter writeLengthPrefixed(byte[] b) {
    writeVarInt(b.length);
    return writeBytes(b);
  }

  /** Varint length + what {@code other} holds. */
  BinaryWriter writeLengthPrefixed(BinaryWriter other) {
    writeVarInt(other.pos);
    ensure(other.pos);
    System.arraycopy(other.buf, 0, buf, pos, other.pos);
    pos += other.pos;
    return this;
  }

  int capacity() {
    return buf.length;
  }

  int length() {
    return pos;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }
}
