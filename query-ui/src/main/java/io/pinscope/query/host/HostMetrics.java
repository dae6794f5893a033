package io.pinscope.query.host;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A host's panels over a range, as {@code GET /api/v1/hosts/{host}/metrics} answers them.
 *
 * @param host the hostname
 * @param bucketMs the bucket length in milliseconds; a point's time is its bucket's start
 * @param panels {@code cpu}, {@code memory}, then {@code memory-utilization} when sent, {@code network},
 *     {@code disk}, then {@code disk-io} when sent
 * @param truncated true when the host had more points in the range than one answer reads
 *     ({@link HostQueries#MAX_POINTS}): the later buckets are then missing
 */
public record HostMetrics(String host, long bucketMs, List<Panel> panels, boolean truncated) {
  public HostMetrics {
    requireNonNull(host, "host");
    panels = List.copyOf(panels);
  }

  /**
   * One chart: series ordered as {@link HostPanels} says, each with at least one point.
   *
   * @param unit UCUM: {@code 1} (a fraction), {@code By}, {@code By/s}
   */
  public record Panel(String id, String title, String unit, List<Series> series) {
    public Panel {
      requireNonNull(id, "id");
      requireNonNull(title, "title");
      requireNonNull(unit, "unit");
      series = List.copyOf(series);
    }
  }

  /** One line: {@code points} are {@code [bucket start ms, value]}, oldest first, buckets without data left out. */
  public record Series(String label, List<List<Number>> points) {
    public Series {
      requireNonNull(label, "label");
      points = List.copyOf(points);
    }
  }
}
