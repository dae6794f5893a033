package io.pinscope.storage;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.Attributes;
import java.util.List;
import java.util.SortedMap;

/**
 * Hourly roll-ups of application inspectors: for an application and a completed hour, the application
 * inspector's answer for that hour in one-hour buckets — each metric series' and each curated panel line's
 * point across the agents. Written by a background task with puts (writing an hour again rewrites it) together
 * with the application's progress; they expire with the metrics' retention.
 */
public interface ApplicationRollups {
  /**
   * Stores {@code hours} (hour start, epoch ms on the hour → that hour's answer) of {@code application} and its
   * progress, {@code rolledUpUntil} (exclusive end of the hours done, on the hour), in one write.
   */
  void write(String application, SortedMap<Long, Hour> hours, long rolledUpUntil);

  /** The stored hours of {@code application} starting in {@code [fromMillis, toMillis)}, by hour start. */
  SortedMap<Long, Hour> read(String application, long fromMillis, long toMillis);

  /** The end (exclusive, epoch ms, on the hour) of the hours done for {@code application}; 0 if none. */
  long rolledUpUntil(String application);

  /** One bucket's value across agents: average, minimum, maximum and the agents holding them. */
  record Point(double avg, double min, double max, String minAgentId, String maxAgentId) {
    public Point {
      requireNonNull(minAgentId, "minAgentId");
      requireNonNull(maxAgentId, "maxAgentId");
    }
  }

  /** A metric series' point in the hour ({@code kind}: a {@link io.pinscope.model.MetricPoint.Kind} name). */
  record SeriesPoint(String name, String unit, String kind, Attributes attributes, Point point) {
    public SeriesPoint {
      requireNonNull(name, "name");
      requireNonNull(unit, "unit");
      requireNonNull(kind, "kind");
      requireNonNull(attributes, "attributes");
      requireNonNull(point, "point");
    }
  }

  /** A curated panel line's point in the hour. */
  record PanelPoint(String panelId, String title, String unit, String label, Point point) {
    public PanelPoint {
      requireNonNull(panelId, "panelId");
      requireNonNull(title, "title");
      requireNonNull(unit, "unit");
      requireNonNull(label, "label");
      requireNonNull(point, "point");
    }
  }

  /** An hour's answer: series and panel lines in answer order. */
  record Hour(List<SeriesPoint> series, List<PanelPoint> panels) {
    public Hour {
      series = List.copyOf(series);
      panels = List.copyOf(panels);
    }
  }
}
