package io.pinscope.query.inspector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The curated panels of an application folded agent by agent, so each agent's panels can be dropped once
 * added: the same answer as {@link ApplicationPanel#combine(SortedMap)} of the agents' panels when the agents
 * are added in id order (panels and labels in the order first met, points by time, each the
 * {@link AcrossAgents} of the agents with a value), with an {@link AcrossSeries} per label instead of a map per
 * bucket. Not thread-safe.
 */
public final class PanelsAcrossAgents {
  private final long first;
  private final long bucketMillis;
  private final int slots;
  private final Map<String, Panel> firstOf = new LinkedHashMap<>(); // title and unit of the panel first met
  private final Map<String, Map<String, AcrossSeries>> values = new LinkedHashMap<>();

  /** Folds panels whose points are expected on the grid of {@link AcrossSeries#AcrossSeries(long, long, int)}. */
  public PanelsAcrossAgents(long first, long bucketMillis, int slots) {
    new AcrossSeries(first, bucketMillis, slots); // validates
    this.first = first;
    this.bucketMillis = bucketMillis;
    this.slots = slots;
  }

  /** Adds one agent's panels; agents must come in id order. */
  public void add(String agentId, List<Panel> panels) {
    for (Panel p : panels) {
      firstOf.putIfAbsent(p.id(), p);
      Map<String, AcrossSeries> byLabel = values.computeIfAbsent(p.id(), k -> new LinkedHashMap<>());
      for (Panel.Series s : p.series()) {
        AcrossSeries series = byLabel.computeIfAbsent(s.label(), k -> new AcrossSeries(first, bucketMillis, slots));
        s.points().forEach((time, v) -> series.add(time, agentId, v));
      }
    }
  }

  /**
   * Sets one panel line's bucket at {@code point.time()} to {@code point}, folded before (an application
   * roll-up): the panel and the line are met as {@link #add} meets them.
   */
  public void put(String panelId, String title, String unit, String label, AcrossAgents point) {
    firstOf.putIfAbsent(panelId, new Panel(panelId, title, unit, List.of()));
    values.computeIfAbsent(panelId, k -> new LinkedHashMap<>())
        .computeIfAbsent(label, k -> new AcrossSeries(first, bucketMillis, slots)).put(point);
  }

  /** The application's panels so far. */
  public List<ApplicationPanel> panels() {
    List<ApplicationPanel> out = new ArrayList<>();
    firstOf.forEach((id, p) -> {
      List<ApplicationPanel.Series> series = new ArrayList<>();
      values.get(id).forEach((label, points) -> series.add(new ApplicationPanel.Series(label, points.points())));
      out.add(new ApplicationPanel(id, p.title(), p.unit(), series));
    });
    return out;
  }
}
