package io.pinscope.storage;

import java.nio.charset.StandardCharsets;

/**
 * Row-key building blocks. Names are stored as a 4-byte hash followed by the length-prefixed name (no
 * padding, no length limit); times that should read newest-first are inverted; the leading salt byte
 * spreads rows over the engine's buckets.
 */
final class Keys {
  /** {@code Long.MAX_VALUE - t}: ascending byte order becomes descending time order. */
  static long invert(long time) {
    return Long.MAX_VALUE - time;
  }

  /** A stable 32-bit hash (murmur3's finaliser over UTF-8 FNV-1a). */
  static int hash(byte[] bytes) {
    int h = 0x811C9DC5;
    for (byte b : bytes) {
      h = (h ^ (b & 0xFF)) * 0x01000193;
    }
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    return h ^ (h >>> 16);
  }

  static int hash(long a, long b) {
    long h = a * 0x9E3779B97F4A7C15L ^ b;
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return (int) h;
  }

  static int saltOf(int hash, int buckets) {
    return buckets <= 1 ? 0 : Math.floorMod(hash, buckets);
  }

  /** Appends hash(name) and the length-prefixed UTF-8 name. */
  static BinaryWriter name(BinaryWriter w, String name) {
    byte[] b = name.getBytes(StandardCharsets.UTF_8);
    return w.writeInt(hash(b)).writeLengthPrefixed(b);
  }

  /** A row that starts with the salt byte for {@code name} followed by the name. */
  static BinaryWriter saltedName(String name, int buckets) {
    byte[] b = name.getBytes(StandardCharsets.UTF_8);
    int h = hash(b);
    return new BinaryWriter(16 + b.length).writeByte(saltOf(h, buckets)).writeInt(h).writeLengthPrefixed(b);
  }

  private Keys() {}
}
