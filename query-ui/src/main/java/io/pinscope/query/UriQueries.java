package io.pinscope.query;

import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.SlotExample;
import io.pinscope.model.SlotValue;
import io.pinscope.model.UriKey;
import io.pinscope.model.UriRoutes;
import io.pinscope.query.Params.Range;
import io.pinscope.storage.Storage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The URI statistics of an application, read from the per-slot route histograms the receiver aggregates
 * ({@link io.pinscope.storage.MapStatistics#readUris}): a summary row per route and one route's series.
 * Counts, average and maximum are exact (sum and max are stored per slot).
 */
final class UriQueries {
  /** How the summary's rows are ordered; ties go to the busier route, then to the route's name. */
  enum Sort {
    /** Most calls first. */
    BUSIEST(Comparator.comparingLong((Histogram h) -> h.totalCount()).reversed()),
    /** Highest average first. */
    SLOWEST(Comparator.comparingDouble((Histogram h) -> h.averageMillis()).reversed()),
    /** Most failed calls first. */
    ERRORS(Comparator.comparingLong((Histogram h) -> h.errorCount()).reversed());

    private final Comparator<Histogram> order;

    Sort(Comparator<Histogram> order) {
      this.order = order;
    }

    /** {@code busiest} (the default when empty), {@code slowest} or {@code errors}. */
    static Sort parse(String name, String value) {
      if (value.isEmpty()) {
        return BUSIEST;
      }
      for (Sort s : values()) {
        if (s.name().toLowerCase(Locale.ROOT).equals(value)) {
          return s;
        }
      }
      throw new IllegalArgumentException(name + ": " + value + " (expected: busiest, slowest or errors)");
    }
  }

  /** The most rows a summary answers. */
  static final int MAX_ROWS = 500;
  /** The most example transactions a summary row lists. */
  static final int MAX_EXAMPLES = 5;

  private final Storage storage;

  UriQueries(Storage storage) {
    this.storage = storage;
  }

  /**
   * {@code {rows:[{route, totalCount, errorCount, avgMs, maxMs, histogram, examples}], folded}}: at most
   * {@code limit} routes in {@code sort} order, the folded route {@value UriRoutes#OTHER} among them;
   * {@code folded} is its call count; {@code examples} the route's example trace ids ({@link #examples}).
   */
  Map<String, Object> summary(String application, StatisticsRange r, Sort sort, int limit) {
    ExampleRows<UriKey> examples = new ExampleRows<>();
    Map<String, Object> out = r.describe(summary(storage.statistics().readUris(application, r.from(), r.to(),
        r.resolution()), Comparator.comparing(UriKey::route), k -> k.route().equals(UriRoutes.OTHER),
        (k, h, row) -> {
          row.put("route", k.route());
          withHistogram(counts(row, h), h);
          examples.add(k, row);
        }, sort, limit));
    Range ex = r.exampleRange();
    examples.fill(storage.statistics().readUriExamples(application, ex.from(), ex.to(), examples.keys(),
        MAX_EXAMPLES));
    return out;
  }

  /**
   * The summary rows by key, their {@code examples} left empty until {@link #fill}: examples are read for the
   * returned rows' keys only, once the rows are known.
   */
  static final class ExampleRows<K> {
    private final Map<K, Map<String, Object>> rows = new HashMap<>();

    /** Puts an empty {@code examples} into {@code row}, the row of {@code key}. */
    void add(K key, Map<String, Object> row) {
      row.put("examples", List.of());
      rows.put(key, row);
    }

    Set<K> keys() {
      return rows.keySet();
    }

    /** Sets each row's {@code examples} from {@code examples} (slot ascending) as {@link #examples} does. */
    void fill(List<SlotExample<K>> examples) {
      examples(examples).forEach((key, ids) -> {
        Map<String, Object> row = rows.get(key);
        if (row != null) {
          row.put("examples", ids);
        }
      });
    }
  }

  /**
   * Per key, the trace ids (hex) of its example transactions ({@code examples} as read, slot ascending): the
   * latest call of each of its slots, newest slot first, each trace once, at most {@value #MAX_EXAMPLES}.
   */
  static <K> Map<K, List<String>> examples(List<SlotExample<K>> examples) {
    Map<K, List<String>> out = new HashMap<>();
    for (int i = examples.size() - 1; i >= 0; i--) {
      SlotExample<K> e = examples.get(i);
      List<String> ids = out.computeIfAbsent(e.key(), k -> new ArrayList<>(MAX_EXAMPLES));
      String id = e.traceId().toHex();
      if (ids.size() < MAX_EXAMPLES && !ids.contains(id)) {
        ids.add(id);
      }
    }
    return out;
  }

  /** Writes one summary row: the key's fields, then the counts of its histogram. */
  interface RowWriter<K> {
    void write(K key, Histogram h, Map<String, Object> row);
  }

  /**
   * {@code {rows, folded}}: the cells' histograms summed per key, at most {@code limit} keys in {@code sort}
   * order (ties: the busier, then {@code keyOrder}), each written by {@code writer}; {@code folded} is the call
   * count of the keys that are {@code folded} ({@code other}). Shared by the URI, SQL and external-host statistics.
   */
  static <K> Map<String, Object> summary(List<SlotValue<K>> cells, Comparator<K> keyOrder, Predicate<K> folded,
      RowWriter<K> writer, Sort sort, int limit) {
    Map<K, Histogram> byKey = new TreeMap<>(keyOrder);
    for (SlotValue<K> v : cells) {
      byKey.merge(v.key(), v.histogram(), Histogram::plus);
    }
    Comparator<Map.Entry<K, Histogram>> order = Map.Entry.<K, Histogram>comparingByValue(
        sort.order.thenComparing(Sort.BUSIEST.order)).thenComparing(Map.Entry.comparingByKey(keyOrder));
    List<Map<String, Object>> rows = new ArrayList<>();
    byKey.entrySet().stream().sorted(order).limit(limit).forEach(e -> {
      Map<String, Object> row = new LinkedHashMap<>();
      writer.write(e.getKey(), e.getValue(), row);
      rows.add(row);
    });
    long foldedCalls = 0;
    for (Map.Entry<K, Histogram> e : byKey.entrySet()) {
      if (folded.test(e.getKey())) {
        foldedCalls += e.getValue().totalCount();
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rows", rows);
    out.put("folded", foldedCalls);
    return out;
  }

  /**
   * {@code {route, bucketMs, points:[[time, {totalCount, errorCount, avgMs, maxMs, histogram}]], resolution, from,
   * to}}: one point per bucket of {@link StatisticsRange#bucketMillis} from the bucket holding {@code from}, empty
   * buckets included.
   */
  Map<String, Object> series(String application, String route, StatisticsRange r) {
    long bucket = r.bucketMillis();
    long first = Math.floorDiv(r.from(), bucket) * bucket;
    int count = (int) ((r.to() - first + bucket - 1) / bucket);
    Histogram[] buckets = new Histogram[count];
    for (SlotValue<UriKey> v : storage.statistics().readUris(application, r.from(), r.to(), r.resolution())) {
      int i = (int) ((v.slotMillis() - first) / bucket);
      if (v.key().route().equals(route) && i >= 0 && i < count) {
        buckets[i] = buckets[i] == null ? v.histogram() : buckets[i].plus(v.histogram());
      }
    }
    List<List<Object>> points = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Histogram h = buckets[i] == null ? Histogram.empty(HistogramSchema.NORMAL) : buckets[i];
      points.add(List.of(first + i * bucket, withHistogram(counts(new LinkedHashMap<>(), h), h)));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("route", route);
    out.put("bucketMs", bucket);
    out.put("points", points);
    return r.describe(out);
  }

  /** Puts {@code totalCount, errorCount, avgMs, maxMs} of {@code h} into {@code m}. */
  static Map<String, Object> counts(Map<String, Object> m, Histogram h) {
    m.put("totalCount", h.totalCount());
    m.put("errorCount", h.errorCount());
    m.put("avgMs", Json.round3(h.averageMillis()));
    m.put("maxMs", h.maxMillis());
    return m;
  }

  /** Puts the {@code histogram} of {@code h} (NORMAL band names) into {@code m}. */
  static Map<String, Object> withHistogram(Map<String, Object> m, Histogram h) {
    m.put("histogram", Json.histogram(h, false));
    return m;
  }
}
