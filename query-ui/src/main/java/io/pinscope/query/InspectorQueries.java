package io.pinscope.query;

import io.pinscope.model.AgentInfo;
import io.pinscope.model.Attributes;
import io.pinscope.model.MetricPoint;
import io.pinscope.query.Params.Range;
import io.pinscope.storage.AgentMetrics;
import io.pinscope.storage.Storage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The application inspector (Pinpoint's application stats): every metric series (name + attributes) of an
 * application's agents, bucketed by {@link Params#bucketMillis}; in each bucket an agent's value is the mean
 * of its points there, and a point gives the average, minimum and maximum of those agent values with the
 * agents holding the minimum and the maximum (ties to the lower agent id). Values are read as the agent
 * metrics endpoint reads them ({@link QueryApi#scalar}).
 */
final class InspectorQueries {
  /** The longest range, in days (the bucket ladder of {@link Params#bucketMillis} ends there). */
  static final int MAX_DAYS = 2;
  /** The most series one answer holds; more set {@code truncated}. */
  static final int MAX_SERIES = 200;

  private final Storage storage;
  private final MapQueries maps;

  /** Reads {@code storage}; {@code maps} finds an application's agents seen in a range. */
  InspectorQueries(Storage storage, MapQueries maps) {
    this.storage = storage;
    this.maps = maps;
  }

  /**
   * {@code {agents, bucketMs, series:[{name, unit, kind, attributes, points:[[time, avg, min, max,
   * minAgentId, maxAgentId]]}], truncated}}; series ordered by name then attributes, points by time, buckets
   * without any value left out. The agents are those of the registry seen in range (as the agent list
   * has them). {@code name}, when set, keeps that metric only.
   */
  Map<String, Object> inspector(String application, Range r, @Nullable String name) {
    long bucket = Params.bucketMillis(r);
    TreeSet<String> agentIds = new TreeSet<>();
    for (AgentInfo a : maps.agentsSeen(application, r)) {
      agentIds.add(a.agentId());
    }
    Map<SeriesKey, Series> series = new TreeMap<>();
    boolean truncated = false;
    for (String agentId : agentIds) {
      List<MetricPoint> points = storage.metrics().read(agentId, r.from(), r.to(), AgentMetrics.MAX_POINTS);
      truncated |= points.size() >= AgentMetrics.MAX_POINTS;
      for (MetricPoint p : points) {
        Double value = QueryApi.scalar(p.value());
        if (value == null || (name != null && !name.equals(p.name()))) {
          continue;
        }
        long time = Math.floorDiv(p.epochMillis(), bucket) * bucket;
        series.computeIfAbsent(new SeriesKey(p.name(), p.attributes()), k -> new Series(p))
            .add(time, agentId, value);
      }
    }
    truncated |= series.size() > MAX_SERIES;
    List<Map<String, Object>> out = new ArrayList<>();
    series.values().stream().limit(MAX_SERIES).forEach(s -> out.add(s.render()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("agents", List.copyOf(agentIds));
    body.put("bucketMs", bucket);
    body.put("series", out);
    body.put("truncated", truncated);
    return body;
  }

  private record SeriesKey(String name, Attributes attributes) implements Comparable<SeriesKey> {
    private static final Comparator<SeriesKey> ORDER = Comparator.comparing(SeriesKey::name)
        .thenComparing(k -> k.attributes().toString());

    @Override
    public int compareTo(SeriesKey o) {
      return ORDER.compare(this, o);
    }
  }

  /** One series: per bucket, per agent, the sum and count of its values. */
  private static final class Series {
    private final MetricPoint first;
    private final TreeMap<Long, TreeMap<String, double[]>> buckets = new TreeMap<>();

    Series(MetricPoint first) {
      this.first = first;
    }

    void add(long time, String agentId, double value) {
      double[] sumCount = buckets.computeIfAbsent(time, t -> new TreeMap<>())
          .computeIfAbsent(agentId, a -> new double[2]);
      sumCount[0] += value;
      sumCount[1]++;
    }

    Map<String, Object> render() {
      List<List<Object>> points = new ArrayList<>(buckets.size());
      buckets.forEach((time, byAgent) -> {
        double total = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        String minAgent = "";
        String maxAgent = "";
        for (Map.Entry<String, double[]> e : byAgent.entrySet()) {
          double mean = e.getValue()[0] / e.getValue()[1];
          total += mean;
          if (mean < min) {
            min = mean;
            minAgent = e.getKey();
          }
          if (mean > max) {
            max = mean;
            maxAgent = e.getKey();
          }
        }
        points.add(List.of(time, total / byAgent.size(), min, max, minAgent, maxAgent));
      });
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", first.name());
      m.put("unit", first.unit());
      m.put("kind", first.kind().name());
      m.put("attributes", Json.attributes(first.attributes()));
      m.put("points", points);
      return m;
    }
  }
}
