package io.pinscope.receiver.mapping;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.Attributes;
import io.pinscope.model.MetricPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link MetricMapper} made of one export request: the points to store, grouped by the resource that
 * sent them, and the data points it rejected.
 *
 * @param batches one per resource that names an application, in request order, possibly with no points
 *     (all cumulative bases, say) so the agent still counts as seen
 * @param hosts one per resource that names a host and no application (host metrics), in request order,
 *     possibly with no points
 * @param received the number of data points in the request
 * @param rejected the number of rejected data points, for partial_success {@code rejected_data_points}
 * @param reasons distinct reasons, at most 10, in the order first met
 */
public record MappedMetrics(List<Batch> batches, List<HostBatch> hosts, int received, int rejected,
    List<String> reasons) {
  /** The points of one resource. */
  public record Batch(ResourceIdentity identity, List<MetricPoint> points) {
    public Batch {
      requireNonNull(identity, "identity");
      points = List.copyOf(points);
    }
  }

  /**
   * The points of one host's resource, owned by {@link io.pinscope.model.HostInfo#metricsOwner(String)
   * the host's reserved agent id}; {@code hostname} is its non-blank {@code host.name}.
   */
  public record HostBatch(String hostname, Attributes resource, List<MetricPoint> points) {
    public HostBatch {
      requireNonNull(hostname, "hostname");
      requireNonNull(resource, "resource");
      points = List.copyOf(points);
    }
  }

  public MappedMetrics {
    batches = List.copyOf(batches);
    hosts = List.copyOf(hosts);
    reasons = List.copyOf(reasons);
    if (rejected < 0 || rejected > received) {
      throw new IllegalArgumentException("rejected: " + rejected + " (expected: 0.." + received + ")");
    }
  }

  /** Every point of every agent batch, in order, then those of every host batch. */
  public List<MetricPoint> points() {
    List<MetricPoint> all = new ArrayList<>();
    batches.forEach(b -> all.addAll(b.points()));
    hosts.forEach(h -> all.addAll(h.points()));
    return all;
  }

  /** The reasons joined by {@code "; "}, for partial_success {@code error_message}; empty when none. */
  public String errorMessage() {
    return Rejections.message(reasons);
  }
}
