package io.pinscope.storage.spi;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One write of a {@link WriteBatch}. For {@link Op#PUT} {@code value} is the cell's bytes; for
 * {@link Op#ADD} and {@link Op#MAX} it is unused and {@code amount} carries the number; {@link Op#DELETE}
 * uses neither.
 */
public record Mutation(Op op, String table, String family, byte[] row, byte[] qualifier, byte[] value,
    long amount) {
  /** The kinds of write. */
  public enum Op {
    /** Replace a {@link CellKind#BYTES} cell. */
    PUT,
    /** Add to a {@link CellKind#COUNTER} cell (absent = 0). */
    ADD,
    /** Raise a {@link CellKind#MAX} cell to at least the amount (absent = the amount). */
    MAX,
    /**
     * Remove the cell, of any kind; a later {@link #ADD} or {@link #MAX} starts from absent again. Used by
     * maintenance (rebuilding statistics), never on the ingest path.
     */
    DELETE
  }

  public Mutation {
    requireNonNull(op, "op");
    requireNonNull(table, "table");
    requireNonNull(family, "family");
    requireNonNull(row, "row");
    requireNonNull(qualifier, "qualifier");
    requireNonNull(value, "value");
    if (row.length == 0) {
      throw new IllegalArgumentException("row: empty (expected: at least one byte)");
    }
  }

  /** The family kind this operation requires, or null when any kind will do ({@link Op#DELETE}). */
  public @Nullable CellKind requiredKind() {
    return switch (op) {
      case PUT -> CellKind.BYTES;
      case ADD -> CellKind.COUNTER;
      case MAX -> CellKind.MAX;
      case DELETE -> null;
    };
  }
}
