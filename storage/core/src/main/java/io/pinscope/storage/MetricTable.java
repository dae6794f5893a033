package io.pinscope.storage;

import io.pinscope.model.Attributes;
import io.pinscope.model.MetricBucket;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.MetricValue;
import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.Scan;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@link AgentMetrics} over the {@code metrics} table: row {@code salt hash name(agentId) time(ms)},
 * qualifier {@code name attributes} (so a series is identified exactly, not by hash), value the unit,
 * kind, exact nanosecond time and the number or histogram.
 */
final class MetricTable implements AgentMetrics {
  private static final String POINTS = "p";
  private static final int SCALAR = 0;
  private static final int HISTOGRAM = 1;
  private static final int EXPONENTIAL = 2;
  /** Cells per scan when folding buckets: bounds the memory of one page, not the range. */
  private static final int PAGE_CELLS = 10_000;
  /** The kinds by ordinal, as cells store them ({@code values()} copies the array at every call). */
  static final MetricPoint.Kind[] KINDS = MetricPoint.Kind.values();

  private final WideColumnStore store;
  private final int buckets;
  private final MetricRollupTable tenMinutes;
  private final MetricRollupTable hours;
  private final MetricRollups rollups;

  MetricTable(WideColumnStore store) {
    this.store = store;
    this.buckets = store.saltBuckets();
    this.tenMinutes = new MetricRollupTable(store, Storage.METRICS_TEN_MINUTES, MetricRollupTable.TEN_MINUTES,
        this, this::rawBuckets);
    this.hours = new MetricRollupTable(store, Storage.METRICS_HOURLY, MetricRollupTable.HOUR, this,
        tenMinutes::buckets);
    this.rollups = new MetricRollups() {
      @Override
      public int rollUp(String agentId, long untilMillis) {
        tenMinutes.rollUp(agentId, untilMillis); // first: the hours are folded from the ten minutes
        return hours.rollUp(agentId, untilMillis);
      }

      @Override
      public long rolledUpUntil(String agentId) {
        return hours.rolledUpUntil(agentId);
      }
    };
  }

  /** The roll-ups that serve buckets of whole ten minutes and whole hours. */
  MetricRollups rollups() {
    return rollups;
  }

  @Override
  public void write(List<MetricPoint> points) {
    if (points.isEmpty()) {
      return;
    }
    WriteBatch batch = new WriteBatch();
    for (MetricPoint p : points) {
      byte[] row = Keys.saltedName(p.agentId(), buckets).writeLong(p.epochMillis()).toByteArray();
      BinaryWriter q = new BinaryWriter(64).writeString(p.name());
      AttributeCodec.write(q, p.attributes());
      batch.put(Storage.METRICS, POINTS, row, q.toByteArray(), encode(p));
    }
    store.write(batch);
  }

  @Override
  public List<MetricPoint> read(String agentId, long fromMillis, long toMillis, int limit) {
    if (limit < 1 || limit > MAX_POINTS) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1.." + MAX_POINTS + ")");
    }
    if (toMillis <= fromMillis) {
      return List.of();
    }
    byte[] start = Keys.saltedName(agentId, buckets).writeLong(fromMillis).toByteArray();
    byte[] stop = Keys.saltedName(agentId, buckets).writeLong(toMillis).toByteArray();
    List<MetricPoint> out = new ArrayList<>();
    for (Cell c : store.scan(new Scan(Storage.METRICS, POINTS, start, stop, false, limit))) {
      out.add(decode(agentId, c));
    }
    return out;
  }

  @Override
  public List<MetricBucket> buckets(String agentId, long fromMillis, long toMillis, long bucketMillis) {
    if (toMillis < fromMillis) {
      throw new IllegalArgumentException("toMillis: " + toMillis + " (expected: >= fromMillis " + fromMillis + ")");
    }
    if (bucketMillis < 1) {
      throw new IllegalArgumentException("bucketMillis: " + bucketMillis + " (expected: >= 1)");
    }
    // Buckets of whole hours (of whole ten minutes) are merged from hour (ten-minute) buckets, rolled up where
    // that is done: the same answer either way (MetricRollups).
    if (bucketMillis % hours.resolution() == 0) {
      return hours.buckets(agentId, fromMillis, toMillis, bucketMillis);
    }
    return bucketMillis % tenMinutes.resolution() == 0
        ? tenMinutes.buckets(agentId, fromMillis, toMillis, bucketMillis)
        : rawBuckets(agentId, fromMillis, toMillis, bucketMillis);
  }

  /**
   * Buckets folded from the raw points, paging through every row of the range. Kept apart from
   * {@link #buckets} so a roll-up table can serve long ranges behind the same method.
   */
  private List<MetricBucket> rawBuckets(String agentId, long fromMillis, long toMillis, long bucketMillis) {
    Map<MetricSeries, TreeMap<Long, BucketAccumulator>> bySeries = new HashMap<>();
    forEachPoint(agentId, fromMillis, toMillis, p -> {
      long start = Math.floorDiv(p.epochMillis(), bucketMillis) * bucketMillis;
      bySeries.computeIfAbsent(new MetricSeries(p.name(), p.attributes()), k -> new TreeMap<>())
          .computeIfAbsent(start, k -> new BucketAccumulator(p, start)).add(p);
    });
    List<MetricBucket> out = new ArrayList<>();
    bySeries.entrySet().stream().sorted(Map.Entry.comparingByKey(MetricSeries.ORDER))
        .forEach(e -> e.getValue().values().forEach(a -> out.add(a.toBucket())));
    return out;
  }

  /**
   * Every point of the range in row order, read a page at a time. A page that fills up may end inside a
   * row, so that row is dropped from the page and read whole; the next page starts just after it.
   */
  private void forEachPoint(String agentId, long fromMillis, long toMillis, Consumer<MetricPoint> sink) {
    if (toMillis <= fromMillis) {
      return;
    }
    byte[] start = Keys.saltedName(agentId, buckets).writeLong(fromMillis).toByteArray();
    byte[] stop = Keys.saltedName(agentId, buckets).writeLong(toMillis).toByteArray();
    QualifierCache<MetricSeries> series = new QualifierCache<>(MetricTable::series);
    Consumer<Cell> decoded = c -> {
      MetricSeries s = series.get(c.row(), c.qualifier());
      sink.accept(decode(agentId, s.name(), s.attributes(), c.value()));
    };
    while (true) {
      List<Cell> page = store.scan(new Scan(Storage.METRICS, POINTS, start, stop, false, PAGE_CELLS));
      if (page.size() < PAGE_CELLS) {
        page.forEach(decoded);
        return;
      }
      byte[] lastRow = page.get(page.size() - 1).row();
      for (Cell c : page) {
        if (!Arrays.equals(c.row(), lastRow)) {
          decoded.accept(c);
        }
      }
      store.getRow(Storage.METRICS, POINTS, lastRow).forEach(decoded);
      // The smallest key after lastRow: lastRow followed by a zero byte.
      start = Arrays.copyOf(lastRow, lastRow.length + 1);
    }
  }

  /** The series a qualifier ({@code name attributes}) names. */
  static MetricSeries series(byte[] qualifier) {
    BinaryReader q = new BinaryReader(qualifier);
    String name = q.readString();
    return new MetricSeries(name, AttributeCodec.read(q));
  }

  private static MetricPoint decode(String agentId, Cell c) {
    MetricSeries s = series(c.qualifier());
    return decode(agentId, s.name(), s.attributes(), c.value());
  }

  private static byte[] encode(MetricPoint p) {
    BinaryWriter w = new BinaryWriter(48).writeString(p.unit()).writeByte(p.kind().ordinal())
        .writeVarLong(p.epochNanos());
    if (p.value() instanceof MetricValue.Scalar s) {
      w.writeByte(SCALAR).writeDouble(s.value());
    } else if (p.value() instanceof MetricValue.HistogramValue h) {
      w.writeByte(HISTOGRAM).writeVarLong(h.count()).writeDouble(h.sum());
      w.writeByte((h.min() != null ? 1 : 0) | (h.max() != null ? 2 : 0));
      if (h.min() != null) {
        w.writeDouble(h.min());
      }
      if (h.max() != null) {
        w.writeDouble(h.max());
      }
      w.writeVarInt(h.bounds().size());
      h.bounds().forEach(w::writeDouble);
      writeCounts(w, h.bucketCounts());
    } else if (p.value() instanceof MetricValue.ExponentialHistogramValue e) {
      w.writeByte(EXPONENTIAL).writeVarLong(e.count()).writeDouble(e.sum()).writeSignedVarLong(e.scale())
          .writeVarLong(e.zeroCount()).writeSignedVarLong(e.positiveOffset());
      writeCounts(w, e.positiveCounts());
      w.writeSignedVarLong(e.negativeOffset());
      writeCounts(w, e.negativeCounts());
    }
    return w.toByteArray();
  }

  private static MetricPoint decode(String agentId, String name, Attributes attributes, byte[] value) {
    BinaryReader r = new BinaryReader(value);
    String unit = r.readString();
    MetricPoint.Kind kind = KINDS[r.readByte()];
    long nanos = r.readVarLong();
    int type = r.readByte();
    MetricValue v;
    if (type == SCALAR) {
      v = new MetricValue.Scalar(r.readDouble());
    } else if (type == HISTOGRAM) {
      long count = r.readVarLong();
      double sum = r.readDouble();
      int present = r.readByte();
      Double min = (present & 1) != 0 ? r.readDouble() : null;
      Double max = (present & 2) != 0 ? r.readDouble() : null;
      int n = r.readVarInt();
      List<Double> bounds = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        bounds.add(r.readDouble());
      }
      v = new MetricValue.HistogramValue(count, sum, min, max, bounds, readCounts(r));
    } else if (type == EXPONENTIAL) {
      long count = r.readVarLong();
      double sum = r.readDouble();
      int scale = (int) r.readSignedVarLong();
      long zero = r.readVarLong();
      int posOffset = (int) r.readSignedVarLong();
      List<Long> pos = readCounts(r);
      int negOffset = (int) r.readSignedVarLong();
      v = new MetricValue.ExponentialHistogramValue(count, sum, scale, zero, posOffset, pos, negOffset,
          readCounts(r));
    } else {
      throw new IllegalStateException("corrupt metric value: type " + type);
    }
    return new MetricPoint(agentId, name, unit, kind, attributes, nanos, v);
  }

  private static void writeCounts(BinaryWriter w, List<Long> counts) {
    w.writeVarInt(counts.size());
    counts.forEach(w::writeVarLong);
  }

  private static List<Long> readCounts(BinaryReader r) {
    int n = r.readVarInt();
    List<Long> counts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      counts.add(r.readVarLong());
    }
    return counts;
  }
}
