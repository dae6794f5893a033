package io.pinscope.query.inspector;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A curated panel of an application: the same panel of each of its agents folded into one series per label,
 * each point the avg/min/max across the agents that have a value in that bucket ({@link AcrossAgents}).
 */
public record ApplicationPanel(String id, String title, String unit, List<Series> series) {
  public ApplicationPanel {
    requireNonNull(id, "id");
    requireNonNull(title, "title");
    requireNonNull(unit, "unit");
    series = List.copyOf(series);
  }

  /** One labelled series, points ordered by time. */
  public record Series(String label, List<AcrossAgents> points) {
    public Series {
      requireNonNull(label, "label");
      points = List.copyOf(points);
    }
  }

  /**
   * The panels of the agents ({@code agentId → its panels}); panels and labels in the order they are first
   * met, going through the agents in the map's order. A panel id names one panel whatever the agent's runtime.
   */
  public static List<ApplicationPanel> combine(SortedMap<String, List<Panel>> byAgent) {
    Map<String, Panel> first = new LinkedHashMap<>();
    Map<String, Map<String, SortedMap<Long, SortedMap<String, Double>>>> values = new LinkedHashMap<>();
    byAgent.forEach((agentId, panels) -> {
      for (Panel p : panels) {
        first.putIfAbsent(p.id(), p);
        Map<String, SortedMap<Long, SortedMap<String, Double>>> byLabel =
            values.computeIfAbsent(p.id(), k -> new LinkedHashMap<>());
        for (Panel.Series s : p.series()) {
          SortedMap<Long, SortedMap<String, Double>> byTime = byLabel.computeIfAbsent(s.label(), k -> new TreeMap<>());
          s.points().forEach((time, v) -> byTime.computeIfAbsent(time, t -> new TreeMap<>()).put(agentId, v));
        }
      }
    });
    List<ApplicationPanel> out = new ArrayList<>();
    first.forEach((id, p) -> {
      List<Series> series = new ArrayList<>();
      values.get(id).forEach((label, byTime) -> series.add(new Series(label, AcrossAgents.of(byTime))));
      out.add(new ApplicationPanel(id, p.title(), p.unit(), series));
    });
    return out;
  }
}
