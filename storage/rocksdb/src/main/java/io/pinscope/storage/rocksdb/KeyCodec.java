package io.pinscope.storage.rocksdb;

import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.StorageException;
import java.util.Arrays;

/**
 * Maps the SPI's (row, qualifier) pairs onto RocksDB's single key and back.
 *
 * <p>A key is {@code escape(row) 0x00 0x01 qualifier}, where {@code escape} writes every 0x00 of the
 * row as {@code 0x00 0xFF}. Comparing keys bytewise (RocksDB's default comparator) then orders cells by
 * row first and qualifier second, both as unsigned bytes, and a row never reads as the prefix of a
 * longer one: after the shared part, the shorter row continues with {@code 0x00 0x01}, which sorts below
 * both an escaped zero ({@code 0x00 0xFF}) and any other byte.
 */
final class KeyCodec {
  private static final byte ESCAPE = 0x00;
  private static final byte ESCAPED_ZERO = (byte) 0xFF;
  private static final byte TERMINATOR = 0x01;

  /** The key of one cell. */
  static byte[] key(byte[] row, byte[] qualifier) {
    byte[] key = new byte[keyLength(row, qualifier)];
    writeKey(row, qualifier, key, 0);
    return key;
  }

  /** The length of {@link #key}{@code (row, qualifier)}. */
  static int keyLength(byte[] row, byte[] qualifier) {
    return row.length + zeros(row) + 2 + qualifier.length;
  }

  /** Writes {@link #key}{@code (row, qualifier)} into {@code out} at {@code at}; returns the position after it. */
  static int writeKey(byte[] row, byte[] qualifier, byte[] out, int at) {
    int p = writeRow(row, out, at);
    System.arraycopy(qualifier, 0, out, p, qualifier.length);
    return p + qualifier.length;
  }

  /** The smallest key of {@code row}: the key of its empty qualifier. */
  static byte[] rowStart(byte[] row) {
    byte[] key = new byte[row.length + zeros(row) + 2];
    writeRow(row, key, 0);
    return key;
  }

  /** The smallest key greater than every key of {@code row} (exclusive upper bound). */
  static byte[] rowEnd(byte[] row) {
    byte[] key = rowStart(row);
    key[key.length - 1] = TERMINATOR + 1;
    return key;
  }

  /** The cell of a key written by {@link #key}, holding {@code value}: row and qualifier in one pass. */
  static Cell cell(byte[] key, byte[] value) {
    int end = terminator(key);
    return new Cell(row(key, end), Arrays.copyOfRange(key, end + 2, key.length), value);
  }

  /** The row part of {@code key}, which ends at {@code end}, unescaped. */
  private static byte[] row(byte[] key, int end) {
    int zeros = 0;
    for (int i = 0; i < end; i++) {
      if (key[i] == ESCAPE) {
        zeros++;
        i++;
      }
    }
    byte[] row = new byte[end - zeros];
    if (zeros == 0) {
      System.arraycopy(key, 0, row, 0, end);
      return row;
    }
    for (int i = 0, p = 0; i < end; i++, p++) {
      row[p] = key[i];
      if (key[i] == ESCAPE) {
        i++;
      }
    }
    return row;
  }

  /** Index of the {@code 0x00 0x01} that ends the row part. */
  private static int terminator(byte[] key) {
    for (int i = 0; i + 1 < key.length; i++) {
      if (key[i] == ESCAPE) {
        if (key[i + 1] == TERMINATOR) {
          return i;
        }
        if (key[i + 1] != ESCAPED_ZERO) {
          break;
        }
        i++;
      }
    }
    throw new StorageException("corrupt rocksdb key: no row terminator in " + key.length
        + " bytes (the data directory was written by something other than Pinscope)");
  }

  private static int zeros(byte[] row) {
    int zeros = 0;
    for (byte b : row) {
      if (b == ESCAPE) {
        zeros++;
      }
    }
    return zeros;
  }

  /** Writes {@code escape(row) 0x00 0x01} into {@code out} at {@code at}; returns the position after it. */
  private static int writeRow(byte[] row, byte[] out, int at) {
    int p = at;
    for (byte b : row) {
      out[p++] = b;
      if (b == ESCAPE) {
        out[p++] = ESCAPED_ZERO;
      }
    }
    out[p++] = ESCAPE;
    out[p++] = TERMINATOR;
    return p;
  }

  private KeyCodec() {}
}
