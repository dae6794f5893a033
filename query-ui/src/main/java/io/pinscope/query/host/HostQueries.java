package io.pinscope.query.host;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.AgentInfo;
import io.pinscope.model.HostInfo;
import io.pinscope.model.MetricPoint;
import io.pinscope.storage.AgentMetrics;
import io.pinscope.storage.ApplicationRegistry;
import io.pinscope.storage.Storage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The host view over {@link Storage}: the hosts of {@link Storage#hosts()} with the agents whose hostname
 * is theirs, and a host's panels ({@link HostPanels}) read from its series in {@link Storage#metrics()}.
 * Thread-safe (it keeps no state of its own).
 */
public final class HostQueries {
  /** The longest panels range, in days (the API's bucket ladder ends there). */
  public static final int MAX_DAYS = 2;

  private final Storage storage;

  public HostQueries(Storage storage) {
    this.storage = requireNonNull(storage, "storage");
  }

  /** A listed host: {@code agents} are the ids of the agents whose hostname is {@code host}, sorted. */
  public record HostRow(String host, long lastSeen, List<String> agents) {
    public HostRow {
      requireNonNull(host, "host");
      agents = List.copyOf(agents);
    }
  }

  /**
   * Every host that sent host metrics, by hostname, at most {@link io.pinscope.storage.HostRegistry#MAX_LIST};
   * an agent counts on a host when its registered hostname ({@code host.name}) equals the host's.
   */
  public List<HostRow> hosts() {
    Map<String, TreeSet<String>> agentsByHost = new HashMap<>();
    for (ApplicationRegistry.Application app : storage.applications().applications()) {
      for (AgentInfo agent : storage.applications().agents(app.name())) {
        if (!agent.hostname().isEmpty()) {
          agentsByHost.computeIfAbsent(agent.hostname(), k -> new TreeSet<>()).add(agent.agentId());
        }
      }
    }
    List<HostRow> rows = new ArrayList<>();
    for (HostInfo h : storage.hosts().hosts()) {
      rows.add(new HostRow(h.hostname(), h.lastSeenMillis(),
          new ArrayList<>(agentsByHost.getOrDefault(h.hostname(), new TreeSet<>()))));
    }
    rows.sort(Comparator.comparing(HostRow::host));
    return rows;
  }

  /**
   * The panels of {@code host} over {@code [fromMillis, toMillis)} in buckets of {@code bucketMillis}, or
   * empty when no host of that name sent host metrics. The caller validates the range.
   */
  public Optional<HostMetrics> metrics(String host, long fromMillis, long toMillis, long bucketMillis) {
    requireNonNull(host, "host");
    if (storage.hosts().host(host).isEmpty()) {
      return Optional.empty();
    }
    List<MetricPoint> points = storage.metrics().read(HostInfo.metricsOwner(host), fromMillis, toMillis,
        AgentMetrics.MAX_POINTS);
    return Optional.of(new HostMetrics(host, bucketMillis, new HostPanels(points, bucketMillis).panels(),
        points.size() >= AgentMetrics.MAX_POINTS));
  }
}
