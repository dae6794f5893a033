package io.pinscope.storage;

import io.pinscope.model.MetricBucket;
import io.pinscope.model.MetricPoint;
import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.Longs;
import io.pinscope.storage.spi.Scan;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One tier of {@link MetricRollups}: the {@code metrics_10m} or the {@code metrics_1h} table, each agent's
 * series folded per window of {@link #resolution} (ten minutes, one hour). Family {@code b}, row {@code salt
 * hash name(agentId) window start(ms)}, qualifier {@code name attributes} (as {@code metrics}), value the
 * window's {@link MetricBucket} (unit, kind, count, sum, min, max, last, histogram count and sum); family
 * {@code w}, row {@code salt hash name(agentId)}, the agent's progress (8 bytes, end of the windows rolled up).
 * A tier's windows are folded from its {@code finer} source: the raw points for ten minutes, the ten-minute
 * tier for hours — so an hour is always its ten-minute buckets merged in time order, whether read from a
 * roll-up row or folded live, and the answers do not depend on what is rolled up.
 */
final class MetricRollupTable implements MetricRollups {
  static final long HOUR = 3_600_000L;
  static final long TEN_MINUTES = 600_000L;
  /** Rolled up per write: the progress is saved every day of windows. */
  private static final long PER_WRITE = 24 * HOUR;
  private static final String BUCKETS = "b";
  private static final String PROGRESS = "w";
  private static final byte[] NO_QUALIFIER = new byte[0];

  /** Buckets folded from the raw points of {@code [from, to)}, as {@link AgentMetrics#buckets}. */
  @FunctionalInterface
  interface RawBuckets {
    List<MetricBucket> fold(String agentId, long fromMillis, long toMillis, long bucketMillis);
  }

  private final WideColumnStore store;
  private final String table;
  private final long resolution;
  private final int salts;
  private final RawBuckets finer;
  private final AgentMetrics points;

  /**
   * The tier in {@code table} of windows of {@code resolution} ms (dividing a day), folded from {@code finer}
   * (whose buckets of {@code resolution} are the windows); {@code points} finds an agent's oldest point.
   */
  MetricRollupTable(WideColumnStore store, String table, long resolution, AgentMetrics points, RawBuckets finer) {
    this.store = store;
    this.table = table;
    this.resolution = resolution;
    this.salts = store.saltBuckets();
    this.points = points;
    this.finer = finer;
  }

  /** The window length of this tier, in ms. */
  long resolution() {
    return resolution;
  }

  /** Rolls up the windows of {@code agentId} ending by {@code untilMillis}; returns how many. */
  @Override
  public int rollUp(String agentId, long untilMillis) {
    long end = Math.floorDiv(untilMillis, resolution) * resolution;
    long from = rolledUpUntil(agentId);
    if (from == 0) {
      List<MetricPoint> oldest = points.read(agentId, 0, end, 1);
      if (oldest.isEmpty()) {
        return 0;
      }
      from = Math.floorDiv(oldest.get(0).epochMillis(), resolution) * resolution;
    }
    int windows = 0;
    for (long start = from; start < end; start += PER_WRITE) {
      long stop = Math.min(end, start + PER_WRITE);
      WriteBatch batch = new WriteBatch();
      for (MetricBucket b : finer.fold(agentId, start, stop, resolution)) {
        batch.put(table, BUCKETS, row(agentId, b.bucketStartMillis()), qualifier(b), encode(b));
      }
      batch.put(table, PROGRESS, progressRow(agentId), NO_QUALIFIER, Longs.toBytes(stop));
      store.write(batch);
      windows += (int) ((stop - start) / resolution);
    }
    return windows;
  }

  @Override
  public long rolledUpUntil(String agentId) {
    byte[] v = store.get(table, PROGRESS, progressRow(agentId), NO_QUALIFIER);
    return v == null ? 0 : Longs.fromBytes(v);
  }

  /**
   * {@code agentId}'s buckets of {@code bucketMillis} (a multiple of {@link #resolution}) over {@code [from,
   * to)}: the windows — rolled up where they are whole windows in range before {@link #rolledUpUntil}, else
   * folded from the finer source — merged per series in time order into the longer buckets. Whether a window
   * comes from its roll-up or from the finer source, the result is the same.
   */
  List<MetricBucket> buckets(String agentId, long fromMillis, long toMillis, long bucketMillis) {
    long firstWhole = Math.floorDiv(fromMillis + resolution - 1, resolution) * resolution;
    long rolledEnd = Math.min(Math.floorDiv(toMillis, resolution) * resolution, rolledUpUntil(agentId));
    // Each series' windows in time order (the parts come in time order); grouped by hash, the series sorted
    // once at the end: comparing attributes' text per window costs too much.
    Map<MetricSeries, List<MetricBucket>> windows = new HashMap<>();
    if (firstWhole >= rolledEnd) {
      add(windows, finer.fold(agentId, fromMillis, toMillis, resolution));
    } else {
      add(windows, finer.fold(agentId, fromMillis, firstWhole, resolution));
      read(windows, agentId, firstWhole, rolledEnd);
      add(windows, finer.fold(agentId, rolledEnd, toMillis, resolution));
    }
    List<MetricBucket> out = new ArrayList<>();
    windows.entrySet().stream().sorted(Map.Entry.comparingByKey(MetricSeries.ORDER))
        .forEach(e -> out.addAll(merge(e.getValue(), resolution, bucketMillis)));
    return out;
  }

  private static void add(Map<MetricSeries, List<MetricBucket>> windows, List<MetricBucket> buckets) {
    for (MetricBucket b : buckets) {
      windows.computeIfAbsent(new MetricSeries(b.name(), b.attributes()), k -> new ArrayList<>()).add(b);
    }
  }

  /** Adds the rolled-up windows of {@code [from, to)} (whole windows), in row order: each series' in time order. */
  private void read(Map<MetricSeries, List<MetricBucket>> windows, String agentId, long fromMillis, long toMillis) {
    byte[] start = row(agentId, fromMillis);
    byte[] stop = row(agentId, toMillis);
    // Series recur every window: each qualifier is decoded and its series looked up once.
    QualifierCache<Map.Entry<MetricSeries, List<MetricBucket>>> bySeries = new QualifierCache<>(q -> {
      MetricSeries s = MetricTable.series(q);
      return Map.entry(s, windows.computeIfAbsent(s, x -> new ArrayList<>()));
    });
    for (Cell c : store.scan(new Scan(table, BUCKETS, start, stop, false, Integer.MAX_VALUE))) {
      Map.Entry<MetricSeries, List<MetricBucket>> series = bySeries.get(c.row(), c.qualifier());
      long window = new BinaryReader(c.row(), c.row().length - 8, c.row().length).readLong();
      List<MetricBucket> list = series.getValue();
      list.add(decode(series.getKey(), window, c.value(), list.isEmpty() ? null : list.get(list.size() - 1)));
    }
  }

  /**
   * One series' buckets of {@code windowMillis}, in time order, merged into buckets of {@code bucketMillis}:
   * each window into the last bucket when it falls into it, else starting the next; so within a bucket windows
   * merge in time order.
   */
  static List<MetricBucket> merge(List<MetricBucket> windows, long windowMillis, long bucketMillis) {
    if (bucketMillis == windowMillis) {
      return windows;
    }
    List<MetricBucket> out = new ArrayList<>();
    for (MetricBucket h : windows) {
      long start = Math.floorDiv(h.bucketStartMillis(), bucketMillis) * bucketMillis;
      int last = out.size() - 1;
      if (last >= 0 && out.get(last).bucketStartMillis() == start) {
        out.set(last, plus(out.get(last), h));
      } else {
        out.add(at(h, start));
      }
    }
    return out;
  }

  private static MetricBucket at(MetricBucket b, long start) {
    return b.bucketStartMillis() == start ? b : new MetricBucket(b.name(), b.unit(), b.kind(), b.attributes(), start,
        b.count(), b.sum(), b.min(), b.max(), b.last(), b.histogramCount(), b.histogramSum(), b.histogramSumCount());
  }

  /** {@code a} then the later {@code b}, of one series, in {@code a}'s bucket. */
  private static MetricBucket plus(MetricBucket a, MetricBucket b) {
    return new MetricBucket(a.name(), a.unit(), a.kind(), a.attributes(), a.bucketStartMillis(),
        a.count() + b.count(), a.sum() + b.sum(), pick(a.min(), b.min(), true), pick(a.max(), b.max(), false),
        b.last() != null ? b.last() : a.last(), a.histogramCount() + b.histogramCount(),
        a.histogramSum() + b.histogramSum(), a.histogramSumCount() + b.histogramSumCount());
  }

  private static @Nullable Double pick(@Nullable Double a, @Nullable Double b, boolean min) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return min ? Math.min(a, b) : Math.max(a, b);
  }

  private byte[] row(String agentId, long windowMillis) {
    return Keys.saltedName(agentId, salts).writeLong(windowMillis).toByteArray();
  }

  private byte[] progressRow(String agentId) {
    return Keys.saltedName(agentId, salts).toByteArray();
  }

  private static byte[] qualifier(MetricBucket b) {
    BinaryWriter q = new BinaryWriter(64).writeString(b.name());
    AttributeCodec.write(q, b.attributes());
    return q.toByteArray();
  }

  static byte[] encode(MetricBucket b) {
    BinaryWriter w = new BinaryWriter(64).writeString(b.unit()).writeByte(b.kind().ordinal())
        .writeVarLong(b.count()).writeDouble(b.sum());
    w.writeByte((b.min() != null ? 1 : 0) | (b.max() != null ? 2 : 0) | (b.last() != null ? 4 : 0));
    for (Double d : new Double[] {b.min(), b.max(), b.last()}) {
      if (d != null) {
        w.writeDouble(d);
      }
    }
    // histogramSumCount last: appended to the format, so rows written before it still read back.
    return w.writeVarLong(b.histogramCount()).writeDouble(b.histogramSum()).writeVarLong(b.histogramSumCount())
        .toByteArray();
  }

  /** A window's bucket; {@code previous} is the series' bucket before it (its unit is reused), if any. */
  static MetricBucket decode(MetricSeries s, long window, byte[] value, @Nullable MetricBucket previous) {
    BinaryReader r = new BinaryReader(value);
    String unit;
    if (previous == null) {
      unit = r.readString();
    } else {
      unit = previous.unit(); // a series keeps its unit: no need to decode it every window
      r.skipLengthPrefixed();
    }
    MetricPoint.Kind kind = MetricTable.KINDS[r.readByte()];
    long count = r.readVarLong();
    double sum = r.readDouble();
    int present = r.readByte();
    Double min = (present & 1) != 0 ? r.readDouble() : null;
    Double max = (present & 2) != 0 ? r.readDouble() : null;
    Double last = (present & 4) != 0 ? r.readDouble() : null;
    long histogramCount = r.readVarLong();
    double histogramSum = r.readDouble();
    // A row rolled up before histogramSumCount was stored: its sums were taken as covering every observation.
    long histogramSumCount = r.hasRemaining() ? r.readVarLong() : histogramCount;
    return new MetricBucket(s.name(), unit, kind, s.attributes(), window, count, sum, min, max, last, histogramCount,
        histogramSum, histogramSumCount);
  }

}
