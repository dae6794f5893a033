package io.pinscope.query.inspector;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One evaluated panel of one agent: its series in display order, each a value per bucket start (epoch
 * milliseconds, ascending; buckets without a value are absent).
 */
public record Panel(String id, String title, String unit, List<Series> series) {
  public Panel {
    requireNonNull(id, "id");
    requireNonNull(title, "title");
    requireNonNull(unit, "unit");
    series = List.copyOf(series);
  }

  /** One labelled series: bucket start → value. */
  public record Series(String label, SortedMap<Long, Double> points) {
    public Series {
      requireNonNull(label, "label");
      points = Collections.unmodifiableSortedMap(new TreeMap<>(points));
    }
  }
}
