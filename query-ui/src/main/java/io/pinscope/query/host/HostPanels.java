package io.pinscope.query.host;

import io.pinscope.model.Attributes;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.MetricValue;
import io.pinscope.query.host.HostMetrics.Panel;
import io.pinscope.query.host.HostMetrics.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns a host's metric points (as the receiver stores the {@code hostmetrics} receiver's output: gauges as
 * readings, cumulative UpDownCounters as gauges, cumulative counters as deltas) into the host view's panels,
 * one value per bucket and series label:
 * <ul>
 *   <li>{@code cpu} (unit 1): {@code system.cpu.utilization} per {@code state}, each CPU's mean in the bucket
 *       averaged over the CPUs; else, when only {@code system.cpu.time} is sent, each state's CPU seconds in
 *       the bucket (summed over CPUs) divided by those of every state, i.e. by the CPU time that elapsed
 *       (bucket seconds × CPUs for a bucket the exports cover, and still right for one they cover in part).
 *       Plus {@code busy} = 1 − {@code idle} in buckets that have an idle value; series {@code busy} first,
 *       then the states by name.
 *   <li>{@code memory} (By): {@code system.memory.usage} per {@code state}; {@code memory-utilization} (1),
 *       only when sent: {@code system.memory.utilization} per {@code state}.
 *   <li>{@code network} (By/s): {@code system.network.io} per {@code direction}: each device's rate (see
 *       {@link #rates}), summed over devices.
 *   <li>{@code disk} (By): {@code system.filesystem.usage} per {@code "<mountpoint> <state>"};
 *       {@code disk-io} (By/s), only when sent: {@code system.disk.io} per {@code direction}, each
 *       device's rate summed over devices.
 * </ul>
 * A level (gauge) is the mean of a series' points in the bucket, series that share a label then summed
 * (averaged for CPU utilization). A rate is a counter's deltas over the time they cover ({@link #rates}).
 * Labels are sorted by name; an attribute that is missing reads {@value #NONE}.
 */
final class HostPanels {
  static final String NONE = "-";
  /** The metrics the panels read; the host's other metrics are not read into memory. */
  static final Set<String> USED = Set.of("system.cpu.utilization", "system.cpu.time", "system.memory.usage",
      "system.memory.utilization", "system.network.io", "system.filesystem.usage", "system.disk.io");
  /** The disk panel's most mount points (by bytes used); the others are summed under {@value #OTHER_MOUNTS}. */
  static final int MAX_MOUNTPOINTS = 10;
  static final String OTHER_MOUNTS = "other";

  private final long bucketMillis;
  private final Map<String, List<MetricPoint>> byName = new HashMap<>();

  /** The panels of {@code points} (any order) in buckets of {@code bucketMillis} (> 0) from epoch 0. */
  HostPanels(List<MetricPoint> points, long bucketMillis) {
    if (bucketMillis <= 0) {
      throw new IllegalArgumentException("bucketMillis: " + bucketMillis + " (expected: > 0)");
    }
    this.bucketMillis = bucketMillis;
    for (MetricPoint p : points) {
      byName.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
    }
  }

  /** The panels, in the order {@link HostMetrics#panels()} gives. */
  List<Panel> panels() {
    List<Panel> panels = new ArrayList<>();
    panels.add(new Panel("cpu", "CPU", "1", cpu()));
    panels.add(new Panel("memory", "Memory", "By", series(levels("system.memory.usage", by("state"), false))));
    optional(panels, new Panel("memory-utilization", "Memory utilization", "1",
        series(levels("system.memory.utilization", by("state"), false))));
    panels.add(new Panel("network", "Network", "By/s", series(rates("system.network.io", by("direction")))));
    panels.add(new Panel("disk", "Disk", "By", series(disk())));
    optional(panels, new Panel("disk-io", "Disk I/O", "By/s", series(rates("system.disk.io", by("direction")))));
    return panels;
  }

  private static void optional(List<Panel> panels, Panel panel) {
    if (!panel.series().isEmpty()) {
      panels.add(panel);
    }
  }

  private List<Series> cpu() {
    TreeMap<String, TreeMap<Long, Double>> states = levels("system.cpu.utilization", by("state"), true);
    if (states.isEmpty()) {
      states = shares(totals("system.cpu.time", by("state")));
    }
    TreeMap<Long, Double> idle = states.get("idle");
    List<Series> out = new ArrayList<>();
    if (idle != null) {
      TreeMap<Long, Double> busy = new TreeMap<>();
      idle.forEach((bucket, value) -> busy.put(bucket, 1 - value));
      out.add(series("busy", busy));
    }
    out.addAll(series(states));
    return out;
  }

  /**
   * Filesystem usage per mount point and state: the {@value #MAX_MOUNTPOINTS} mount points using the most
   * bytes in their latest bucket, the others summed per state under {@value #OTHER_MOUNTS} (a node can mount
   * hundreds of overlay and tmpfs file systems).
   */
  private TreeMap<String, TreeMap<Long, Double>> disk() {
    TreeMap<String, TreeMap<String, TreeMap<Long, Double>>> byMount = new TreeMap<>();
    levels("system.filesystem.usage", a -> text(a, "mountpoint") + "\u0000" + text(a, "state"), false)
        .forEach((label, buckets) -> {
          int cut = label.indexOf('\u0000');
          byMount.computeIfAbsent(label.substring(0, cut), m -> new TreeMap<>()).put(label.substring(cut + 1), buckets);
        });
    Set<String> top = new HashSet<>();
    byMount.entrySet().stream()
        .sorted(Comparator.comparingDouble(
            (Map.Entry<String, TreeMap<String, TreeMap<Long, Double>>> e) -> -latest(e.getValue().get("used")))
            .thenComparing(Map.Entry::getKey))
        .limit(MAX_MOUNTPOINTS)
        .forEach(e -> top.add(e.getKey()));
    TreeMap<String, TreeMap<Long, Double>> out = new TreeMap<>();
    byMount.forEach((mount, states) -> states.forEach((state, buckets) -> {
      TreeMap<Long, Double> to = out.computeIfAbsent((top.contains(mount) ? mount : OTHER_MOUNTS) + " " + state,
          k -> new TreeMap<>());
      buckets.forEach((bucket, v) -> to.merge(bucket, v, Double::sum));
    }));
    return out;
  }

  private static double latest(@Nullable TreeMap<Long, Double> buckets) {
    return buckets == null || buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
  }

  /**
   * Per label and bucket, the mean of each series' (name + attributes) points in the bucket, then those of
   * the label's series summed, or averaged when {@code average}.
   */
  private TreeMap<String, TreeMap<Long, Double>> levels(String name, Function<Attributes, String> label,
      boolean average) {
    Map<Attributes, TreeMap<Long, double[]>> perSeries = new HashMap<>();
    for (MetricPoint p : byName.getOrDefault(name, List.of())) {
      Double v = value(p);
      if (v != null) {
        double[] sumCount = perSeries.computeIfAbsent(p.attributes(), k -> new TreeMap<>())
            .computeIfAbsent(bucket(p), k -> new double[2]);
        sumCount[0] += v;
        sumCount[1]++;
      }
    }
    Map<String, TreeMap<Long, double[]>> perLabel = new HashMap<>();
    perSeries.forEach((attributes, buckets) -> buckets.forEach((bucket, sumCount) -> {
      double[] acc = perLabel.computeIfAbsent(label.apply(attributes), k -> new TreeMap<>())
          .computeIfAbsent(bucket, k -> new double[2]);
      acc[0] += sumCount[0] / sumCount[1];
      acc[1]++;
    }));
    TreeMap<String, TreeMap<Long, Double>> out = new TreeMap<>();
    perLabel.forEach((l, buckets) -> {
      TreeMap<Long, Double> values = new TreeMap<>();
      buckets.forEach((bucket, acc) -> values.put(bucket, average ? acc[0] / acc[1] : acc[0]));
      out.put(l, values);
    });
    return out;
  }

  /** Per label and bucket, the sum of the points' values (deltas, for a counter). */
  private TreeMap<String, TreeMap<Long, Double>> totals(String name, Function<Attributes, String> label) {
    TreeMap<String, TreeMap<Long, Double>> out = new TreeMap<>();
    for (MetricPoint p : byName.getOrDefault(name, List.of())) {
      Double v = value(p);
      if (v != null && p.kind() == MetricPoint.Kind.SUM) {
        out.computeIfAbsent(label.apply(p.attributes()), k -> new TreeMap<>()).merge(bucket(p), v, Double::sum);
      }
    }
    return out;
  }

  /**
   * Per label and bucket, the sum over the label's series of each series' per-second rate: its deltas in the
   * bucket divided by the time they cover. A delta covers the time since the series' previous point, at most
   * the series' median gap between points (exports are regular: a longer gap is a pause — the Collector or
   * Pinscope restarted — after which the first delta still covers one export interval); the first point of a
   * series in the points covers the time to its next one (capped the same way), or a whole bucket when it is
   * the only one. So a bucket
   * the exports cover only in part (the one in progress, one the range cuts) reads the rate, not a fraction
   * of it.
   */
  private TreeMap<String, TreeMap<Long, Double>> rates(String name, Function<Attributes, String> label) {
    Map<Attributes, List<MetricPoint>> perSeries = new HashMap<>();
    for (MetricPoint p : byName.getOrDefault(name, List.of())) {
      if (p.kind() == MetricPoint.Kind.SUM && value(p) != null) {
        perSeries.computeIfAbsent(p.attributes(), k -> new ArrayList<>()).add(p);
      }
    }
    TreeMap<String, TreeMap<Long, Double>> out = new TreeMap<>();
    perSeries.forEach((attributes, points) -> {
      points.sort(Comparator.comparingLong(MetricPoint::epochNanos));
      long typical = medianGap(points);
      TreeMap<Long, double[]> deltaAndMillis = new TreeMap<>();
      for (int i = 0; i < points.size(); i++) {
        long covered = points.size() == 1 ? bucketMillis : Math.min(typical, i == 0
            ? points.get(1).epochMillis() - points.get(0).epochMillis()
            : points.get(i).epochMillis() - points.get(i - 1).epochMillis());
        double[] acc = deltaAndMillis.computeIfAbsent(bucket(points.get(i)), k -> new double[2]);
        acc[0] += value(points.get(i));
        acc[1] += covered;
      }
      TreeMap<Long, Double> rates = out.computeIfAbsent(label.apply(attributes), k -> new TreeMap<>());
      deltaAndMillis.forEach((bucket, acc) -> {
        if (acc[1] > 0) {
          rates.merge(bucket, acc[0] / (acc[1] / 1_000.0), Double::sum);
        }
      });
    });
    out.values().removeIf(TreeMap::isEmpty);
    return out;
  }

  /** The median time between consecutive points (sorted, at least two). */
  private static long medianGap(List<MetricPoint> points) {
    if (points.size() < 2) {
      return 0;
    }
    long[] gaps = new long[points.size() - 1];
    for (int i = 1; i < points.size(); i++) {
      gaps[i - 1] = points.get(i).epochMillis() - points.get(i - 1).epochMillis();
    }
    Arrays.sort(gaps);
    return gaps[gaps.length / 2];
  }

  /** Each label's total in a bucket divided by the bucket's total over every label (buckets of total 0 left out). */
  private static TreeMap<String, TreeMap<Long, Double>> shares(TreeMap<String, TreeMap<Long, Double>> totals) {
    Map<Long, Double> all = new HashMap<>();
    totals.values().forEach(buckets -> buckets.forEach((bucket, v) -> all.merge(bucket, v, Double::sum)));
    TreeMap<String, TreeMap<Long, Double>> out = new TreeMap<>();
    totals.forEach((l, buckets) -> buckets.forEach((bucket, v) -> {
      double total = all.get(bucket);
      if (total > 0) {
        out.computeIfAbsent(l, k -> new TreeMap<>()).put(bucket, v / total);
      }
    }));
    return out;
  }

  private long bucket(MetricPoint p) {
    return Math.floorDiv(p.epochMillis(), bucketMillis) * bucketMillis;
  }

  private static List<Series> series(TreeMap<String, TreeMap<Long, Double>> byLabel) {
    List<Series> out = new ArrayList<>();
    byLabel.forEach((l, buckets) -> out.add(series(l, buckets)));
    return out;
  }

  private static Series series(String label, TreeMap<Long, Double> buckets) {
    List<List<Number>> points = new ArrayList<>(buckets.size());
    buckets.forEach((bucket, value) -> points.add(List.of(bucket, value)));
    return new Series(label, points);
  }

  private static Function<Attributes, String> by(String key) {
    return a -> text(a, key);
  }

  private static String text(Attributes a, String key) {
    String v = a.text(key);
    return v == null || v.isEmpty() ? NONE : v;
  }

  /** A scalar's finite value; null for histograms (host metrics have none) and non-finite values. */
  private static @Nullable Double value(MetricPoint p) {
    return p.value() instanceof MetricValue.Scalar s && Double.isFinite(s.value()) ? s.value() : null;
  }
}
