package io.pinscope.storage.spi;

import static java.util.Objects.requireNonNull;

/**
 * One cell read from a store. For {@link CellKind#COUNTER} and {@link CellKind#MAX} families the value
 * is the 8-byte big-endian long ({@link #longValue()}). Arrays are owned by the cell; do not modify them.
 */
public record Cell(byte[] row, byte[] qualifier, byte[] value) {
  public Cell {
    requireNonNull(row, "row");
    requireNonNull(qualifier, "qualifier");
    requireNonNull(value, "value");
  }

  /** The value read as an 8-byte big-endian long. */
  public long longValue() {
    return Longs.fromBytes(value);
  }
}
