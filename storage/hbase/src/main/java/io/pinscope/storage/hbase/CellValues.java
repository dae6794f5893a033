package io.pinscope.storage.hbase;

import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.CellKind;
import io.pinscope.storage.spi.Longs;
import java.util.List;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.client.Result;

/**
 * How cell values are stored in HBase. {@link CellKind#BYTES} as they are; {@link CellKind#COUNTER} as the
 * 8-byte big-endian long HBase's {@code Increment} keeps (the SPI's encoding already); {@link CellKind#MAX}
 * as 8 big-endian bytes of the value with its sign bit flipped, so that unsigned byte order (the only order
 * HBase's check-and-mutate compares in) is signed numeric order.
 */
final class CellValues {
  /** The stored bytes of a max value. */
  static byte[] encodeMax(long value) {
    return Longs.toBytes(value ^ Long.MIN_VALUE);
  }

  /** The max value of stored bytes. */
  static long decodeMax(byte[] stored) {
    return Longs.fromBytes(stored) ^ Long.MIN_VALUE;
  }

  /** The SPI value of a stored cell. */
  static byte[] decode(CellKind kind, org.apache.hadoop.hbase.Cell cell) {
    byte[] stored = CellUtil.cloneValue(cell);
    return kind == CellKind.MAX ? Longs.toBytes(decodeMax(stored)) : stored;
  }

  /**
   * Appends the cells of one row (ascending qualifiers, as HBase returns them; descending when
   * {@code reverse}) until {@code cells} holds {@code limit}.
   */
  static void addCells(CellKind kind, Result row, boolean reverse, List<Cell> cells, int limit) {
    org.apache.hadoop.hbase.Cell[] raw = row.rawCells();
    if (raw == null) {
      return;
    }
    for (int i = 0; i < raw.length && cells.size() < limit; i++) {
      org.apache.hadoop.hbase.Cell c = raw[reverse ? raw.length - 1 - i : i];
      cells.add(new Cell(CellUtil.cloneRow(c), CellUtil.cloneQualifier(c), decode(kind, c)));
    }
  }

  private CellValues() {}
}
