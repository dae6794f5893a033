package io.pinscope.query.inspector;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A curated panel of an application: the same panel of each of its agents folded into one series per label,
 * each point the avg/min/max across the agents that have a value in that bucket ({@link AcrossAgents}); made
 * by {@link PanelsAcrossAgents}.
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
}
