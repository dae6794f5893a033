package io.pinscope.storage.spi;

import static java.util.Objects.requireNonNull;

/**
 * A range scan over one family of one table: rows in {@code [startRow, stopRow)} (an empty
 * {@code stopRow} means "to the end of the table"), every qualifier of each row, at most {@code limit}
 * cells. Forward scans return cells in ascending (row, qualifier) order; reverse scans in descending
 * order, starting just below {@code stopRow}.
 */
public record Scan(String table, String family, byte[] startRow, byte[] stopRow, boolean reverse,
    int limit) {
  public Scan {
    requireNonNull(table, "table");
    requireNonNull(family, "family");
    requireNonNull(startRow, "startRow");
    requireNonNull(stopRow, "stopRow");
    if (limit <= 0) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
    }
  }

  /** A forward scan of every row that starts with {@code prefix}. */
  public static Scan prefix(String table, String family, byte[] prefix, int limit) {
    return new Scan(table, family, prefix, RowKeys.prefixEnd(prefix), false, limit);
  }
}
