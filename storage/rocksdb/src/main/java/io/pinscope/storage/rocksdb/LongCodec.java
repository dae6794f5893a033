package io.pinscope.storage.rocksdb;

import io.pinscope.storage.spi.StorageException;

/**
 * How counter and max cells are stored, so that RocksDB's built-in merge operators combine them, and
 * how they are turned back into the SPI's 8 big-endian bytes.
 *
 * <ul>
 *   <li>Counters use {@code uint64add}, which adds fixed64 <em>little-endian</em> values with
 *       wrap-around; two's complement makes negative deltas work.
 *   <li>Maxima use {@code max}, which keeps the bytewise largest operand. A big-endian long with its
 *       sign bit flipped sorts bytewise exactly like the signed number.
 * </ul>
 */
final class LongCodec {
  /** The little-endian operand of a counter increment. */
  static byte[] counterOperand(long delta) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) delta;
      delta >>>= 8;
    }
    return b;
  }

  /** A stored counter (little-endian) as the SPI's big-endian bytes. */
  static byte[] counterValue(byte[] stored) {
    check(stored, "counter");
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = stored[7 - i];
    }
    return b;
  }

  /** The bytewise-ordered operand of a max write. */
  static byte[] maxOperand(long value) {
    long v = value ^ Long.MIN_VALUE;
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }

  /** A stored max (sign bit flipped) as the SPI's big-endian bytes. */
  static byte[] maxValue(byte[] stored) {
    check(stored, "max");
    byte[] b = stored.clone();
    b[0] ^= (byte) 0x80;
    return b;
  }

  private static void check(byte[] stored, String kind) {
    if (stored.length != 8) {
      throw new StorageException(
          "corrupt rocksdb " + kind + " cell: " + stored.length + " bytes (expected: 8)");
    }
  }

  private LongCodec() {}
}
