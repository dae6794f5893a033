package io.pinscope.storage.spi;

/** 8-byte big-endian long encoding, the SPI's representation of counter and max cells. */
public final class Longs {
  /** Big-endian bytes of {@code v}. */
  public static byte[] toBytes(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }

  /** Reads 8 big-endian bytes. */
  public static long fromBytes(byte[] b) {
    if (b.length != 8) {
      throw new IllegalArgumentException("long bytes: " + b.length + " (expected: 8)");
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[i] & 0xFF);
    }
    return v;
  }

  private Longs() {}
}
