package io.pinscope.alarm.check;

import io.pinscope.model.AgentInfo;
import io.pinscope.model.Attributes;
import io.pinscope.model.MetricBucket;
import io.pinscope.storage.AgentMetrics;
import io.pinscope.storage.ApplicationRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The metric buckets of one agent over a window, folded per series (name and attributes) the way the inspector
 * panels read them: a level's mean over the window (every point's value, {@code sum / count}), or its latest
 * reading; the series of one quantity (the pools of a heap, the bands of active requests) added up.
 *
 * <p>The inspector's rules live in the query module ({@code io.pinscope.query.inspector}), which depends on this
 * one; the metric names read here are those of reference/otel.md §5.3 and of Pinscope's Java extension.
 *
 * @param agentId the agent
 * @param buckets its buckets in the window, of every series
 */
record AgentBuckets(String agentId, List<MetricBucket> buckets) {
  /** How late an agent's last-seen time may be (the receiver refreshes it once a minute). */
  static final long SEEN_SLACK_MILLIS = 2 * 60_000L;

  /**
   * The buckets of every agent of {@code application} that may have sent data in {@code [from, to)}, ordered by
   * agent id.
   */
  static List<AgentBuckets> read(ApplicationRegistry registry, AgentMetrics metrics, String application,
      long fromMillis, long toMillis) {
    List<AgentBuckets> out = new ArrayList<>();
    for (AgentInfo a : registry.agents(application)) {
      if (a.firstSeenMillis() < toMillis && a.lastSeenMillis() + SEEN_SLACK_MILLIS >= fromMillis) {
        // One bucket as long as the window: at most two per series, whatever the window's alignment.
        out.add(new AgentBuckets(a.agentId(),
            metrics.buckets(a.agentId(), fromMillis, toMillis, Math.max(1, toMillis - fromMillis))));
      }
    }
    return out;
  }

  /**
   * The sum over the series that {@code series} accepts of each one's mean over the window; null when none had
   * a value.
   */
  @Nullable Double meanOf(Predicate<MetricBucket> series) {
    Map<SeriesKey, double[]> sums = new LinkedHashMap<>();
    for (MetricBucket b : buckets) {
      if (series.test(b) && !b.histogram() && b.min() != null) {
        double[] s = sums.computeIfAbsent(new SeriesKey(b.name(), b.attributes()), k -> new double[2]);
        s[0] += b.sum();
        s[1] += b.count();
      }
    }
    if (sums.isEmpty()) {
      return null;
    }
    double total = 0;
    for (double[] s : sums.values()) {
      total += s[0] / s[1];
    }
    return total;
  }

  /** The sum over the series that {@code series} accepts of each one's latest reading; null when none had one. */
  @Nullable Double lastOf(Predicate<MetricBucket> series) {
    Map<SeriesKey, MetricBucket> latest = new LinkedHashMap<>();
    for (MetricBucket b : buckets) {
      if (series.test(b) && b.last() != null) {
        latest.merge(new SeriesKey(b.name(), b.attributes()), b,
            (x, y) -> y.bucketStartMillis() >= x.bucketStartMillis() ? y : x);
      }
    }
    if (latest.isEmpty()) {
      return null;
    }
    double total = 0;
    for (MetricBucket b : latest.values()) {
      total += b.last();
    }
    return total;
  }

  /** A series of {@code name} whose attribute {@code key} is {@code value} ({@code key} null: any series of it). */
  static Predicate<MetricBucket> series(String name, @Nullable String key, @Nullable String value) {
    return b -> b.name().equals(name) && (key == null || java.util.Objects.equals(b.attributes().text(key), value));
  }

  private record SeriesKey(String name, Attributes attributes) {}
}
