package io.pinscope.query.inspector;

import io.pinscope.model.Attributes;
import io.pinscope.model.MetricBucket;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotValue;
import io.pinscope.query.inspector.PanelRule.SeriesRule;
import io.pinscope.query.inspector.PanelRule.Source;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

/**
 * One agent's inspector: its curated panels, evaluated from its metric buckets by the {@link PanelRules} of its
 * runtime and from its response statistics ({@link ResponsePanels}), and the metric buckets no applied rule
 * names (the generic series).
 *
 * @param panels the panels with data: the response panels, then the metric panels in table order; within a
 *     panel the series in rule order, those labelled by an attribute in the order of its values
 * @param generic the buckets of every metric no applied rule names, in the order they were given
 */
public record AgentPanels(AgentRuntime runtime, List<Panel> panels, List<MetricBucket> generic) {
  public AgentPanels {
    panels = List.copyOf(panels);
    generic = List.copyOf(generic);
  }

  /**
   * Evaluates the panels of an agent of {@code runtime}.
   *
   * @param buckets its metric buckets ({@code AgentMetrics.buckets}) of width {@code bucketMillis}
   * @param self its response statistics slots in the same range
   * @param bucketMillis the bucket width, a multiple of a minute
   */
  public static AgentPanels evaluate(AgentRuntime runtime, List<MetricBucket> buckets,
      List<SlotValue<SelfKey>> self, long bucketMillis) {
    return evaluate(runtime, buckets, self, bucketMillis, BucketWindow.UNBOUNDED, BucketWindow.UNBOUNDED);
  }

  /**
   * As {@link #evaluate(AgentRuntime, List, List, long)}, rates divided by the time each bucket covers:
   * {@code metrics} is the window the buckets were read over, {@code responses} the one of {@code self}.
   */
  public static AgentPanels evaluate(AgentRuntime runtime, List<MetricBucket> buckets,
      List<SlotValue<SelfKey>> self, long bucketMillis, BucketWindow metrics, BucketWindow responses) {
    if (bucketMillis < SlotValue.SLOT_MILLIS || bucketMillis % SlotValue.SLOT_MILLIS != 0) {
      throw new IllegalArgumentException("bucketMillis: " + bucketMillis + " (expected: a multiple of "
          + SlotValue.SLOT_MILLIS + ")");
    }
    Map<String, List<MetricBucket>> byName = new LinkedHashMap<>();
    buckets.forEach(b -> byName.computeIfAbsent(b.name(), k -> new ArrayList<>()).add(b));
    List<Panel> panels = new ArrayList<>(ResponsePanels.of(self, bucketMillis, responses));
    Set<String> used = new HashSet<>();
    for (PanelRule rule : PanelRules.of(runtime)) {
      List<Panel.Series> series = new ArrayList<>();
      for (SeriesRule s : rule.series()) {
        s.sources().forEach(source -> used.add(source.metric()));
        series.addAll(evaluate(s, byName, bucketMillis, metrics));
      }
      if (!series.isEmpty()) {
        panels.add(new Panel(rule.id(), rule.title(), rule.unit(), series));
      }
    }
    List<MetricBucket> generic = buckets.stream().filter(b -> !used.contains(b.name())).toList();
    return new AgentPanels(runtime, panels, generic);
  }

  /** The panel series of one rule: from its first source with data, one per label. */
  private static List<Panel.Series> evaluate(SeriesRule rule, Map<String, List<MetricBucket>> byName,
      long bucketMillis, BucketWindow window) {
    BinaryOperator<Double> combine = rule.fold()::combine; // one function, not one per bucket
    for (Source source : rule.sources()) {
      SortedMap<String, SortedMap<Long, Double>> byLabel = new TreeMap<>();
      // Buckets come series by series (one attributes object): match and label once per series.
      Attributes seriesAttributes = null;
      String label = null; // null: the series does not feed this source
      SortedMap<Long, Double> points = null;
      for (MetricBucket b : byName.getOrDefault(source.metric(), List.of())) {
        if (b.attributes() != seriesAttributes) {
          seriesAttributes = b.attributes();
          label = source.matches(b.name(), seriesAttributes) ? source.label(seriesAttributes, rule.label()) : null;
          points = null;
        }
        if (label == null) {
          continue;
        }
        Double v = rule.fold().read(b, window.coveredSeconds(b.bucketStartMillis(), bucketMillis));
        if (v != null) {
          if (points == null) {
            points = byLabel.computeIfAbsent(label, k -> new TreeMap<>());
          }
          points.merge(b.bucketStartMillis(), v, combine);
        }
      }
      if (!byLabel.isEmpty()) {
        List<Panel.Series> out = new ArrayList<>();
        byLabel.forEach((seriesLabel, seriesPoints) -> {
          seriesPoints.replaceAll((time, v) -> v * rule.scale());
          out.add(new Panel.Series(seriesLabel, seriesPoints));
        });
        return out;
      }
    }
    return List.of();
  }
}
