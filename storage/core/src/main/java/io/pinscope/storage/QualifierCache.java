package io.pinscope.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Decodes each distinct qualifier of a scan once. The rows of a series table (metric points, hourly roll-ups)
 * repeat the same qualifiers in the same order, so a cell is first compared with the cell at its position in
 * the previous row, and only looked up by hash when that differs. Feed it the cells in scan order; not
 * thread-safe.
 */
final class QualifierCache<V> {
  private final Function<byte[], V> decode;
  private final Map<HistogramCells.ByteKey, V> byKey = new HashMap<>();
  private byte @Nullable [] row;
  private List<byte[]> previousQualifiers = new ArrayList<>();
  private List<V> previousValues = new ArrayList<>();
  private List<byte[]> qualifiers = new ArrayList<>();
  private List<V> values = new ArrayList<>();

  QualifierCache(Function<byte[], V> decode) {
    this.decode = decode;
  }

  /** The decoded {@code qualifier} of the next cell, in row {@code cellRow}. */
  V get(byte[] cellRow, byte[] qualifier) {
    if (row == null || !Arrays.equals(cellRow, row)) {
      previousQualifiers = qualifiers;
      previousValues = values;
      qualifiers = new ArrayList<>(previousQualifiers.size());
      values = new ArrayList<>(previousValues.size());
      row = cellRow;
    }
    int i = qualifiers.size();
    V v = i < previousQualifiers.size() && Arrays.equals(previousQualifiers.get(i), qualifier)
        ? previousValues.get(i)
        : byKey.computeIfAbsent(new HistogramCells.ByteKey(qualifier), k -> decode.apply(k.bytes()));
    qualifiers.add(qualifier);
    values.add(v);
    return v;
  }
}
