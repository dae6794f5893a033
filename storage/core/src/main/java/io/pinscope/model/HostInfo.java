package io.pinscope.model;

import static java.util.Objects.requireNonNull;

/**
 * A host that sent host metrics (an OTel Collector's {@code hostmetrics} receiver: a resource with
 * {@code host.name} and no service), with the resource it last reported. Times are epoch milliseconds;
 * {@code firstSeenMillis <= lastSeenMillis}. A host is neither an application nor an agent.
 *
 * <p>Its metric points are stored as those of the agent id {@link #metricsOwner(String)}: a name under
 * {@link #METRICS_OWNER_PREFIX}, which starts with U+0000 so that no agent id a sender would choose collides
 * with it; the receiver refuses metrics of an agent whose id starts with it, which makes the split exact.
 */
public record HostInfo(String hostname, long firstSeenMillis, long lastSeenMillis, Attributes resource) {
  /** The prefix of the series owner under which host metrics are stored; reserved, no agent id has it. */
  public static final String METRICS_OWNER_PREFIX = "\u0000host:";

  public HostInfo {
    requireNonNull(hostname, "hostname");
    requireNonNull(resource, "resource");
    if (hostname.isBlank()) {
      throw new IllegalArgumentException("hostname: \"" + hostname + "\" (expected: non-blank)");
    }
    if (lastSeenMillis < firstSeenMillis) {
      throw new IllegalArgumentException(
          "lastSeenMillis: " + lastSeenMillis + " (expected: >= firstSeenMillis " + firstSeenMillis + ")");
    }
  }

  /** The agent id under which the metric points of host {@code hostname} are stored. */
  public static String metricsOwner(String hostname) {
    return METRICS_OWNER_PREFIX + requireNonNull(hostname, "hostname");
  }

  /** The agent id under which this host's metric points are stored. */
  public String metricsOwner() {
    return metricsOwner(hostname);
  }
}
