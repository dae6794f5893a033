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
  /** The most points one host-metrics answer reads; past it {@link HostMetrics#truncated()} is set. */
  public static final int MAX_POINTS = 2_000_000;

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
    List<MetricPoint> points = new ArrayList<>();
    boolean truncated = readAll(HostInfo.metricsOwner(host), fromMillis, toMillis, points);
    return Optional.of(new HostMetrics(host, bucketMillis, new HostPanels(points, bucketMillis).panels(),
        truncated));
  }

  /**
   * Adds the owner's points in {@code [fromMillis, toMillis)} to {@code out}, page by page (one read returns
   * at most {@link AgentMetrics#MAX_POINTS}), up to {@link #MAX_POINTS}; true when points were left out.
   */
  private boolean readAll(String owner, long fromMillis, long toMillis, List<MetricPoint> out) {
    long from = fromMillis;
    while (from < toMillis) {
      List<MetricPoint> page = storage.metrics().read(owner, from, toMillis, AgentMetrics.MAX_POINTS);
      if (page.size() < AgentMetrics.MAX_POINTS) {
        keepUsed(page, Long.MAX_VALUE, out);
        return false;
      }
      long last = page.get(page.size() - 1).epochMillis();
      if (page.get(0).epochMillis() == last) { // one millisecond holds a whole page: keep it, move past it
        keepUsed(page, Long.MAX_VALUE, out);
        from = last + 1;
      } else { // the page may end inside the last millisecond: read that millisecond again whole
        keepUsed(page, last, out);
        from = last;
      }
      if (out.size() >= MAX_POINTS) {
        return true;
      }
    }
    return false;
  }

  /** Adds the points before {@code beforeMillis} of the metrics a panel reads. */
  private static void keepUsed(List<MetricPoint> page, long beforeMillis, List<MetricPoint> out) {
    for (MetricPoint p : page) {
      if (p.epochMillis() < beforeMillis && HostPanels.USED.contains(p.name())) {
        out.add(p);
      }
    }
  }
}
