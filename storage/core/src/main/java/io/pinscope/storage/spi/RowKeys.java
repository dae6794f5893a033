package io.pinscope.storage.spi;

import java.util.Arrays;

/** Helpers for unsigned lexicographic row-key ranges. */
public final class RowKeys {
  private static final byte[] EMPTY = new byte[0];

  /**
   * The smallest key greater than every key that starts with {@code prefix}, or an empty array ("no end")
   * when the prefix is all 0xFF bytes.
   */
  public static byte[] prefixEnd(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    return EMPTY;
  }

  /** Unsigned lexicographic comparison. */
  public static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  private RowKeys() {}
}
