package io.pinscope.storage;

import io.pinscope.model.HostInfo;
import java.util.List;
import java.util.Optional;

/**
 * The hosts that sent host metrics, with first- and last-seen times (epoch milliseconds). Separate from
 * {@link ApplicationRegistry}: a host is never listed as an application or an agent. Its metric points live
 * in {@link AgentMetrics} under {@link HostInfo#metricsOwner(String)}.
 */
public interface HostRegistry {
  /** The most hosts a listing returns. */
  int MAX_LIST = 10_000;

  /**
   * Records a host. When the host is known, its first-seen time is kept (the earlier of both), its
   * last-seen time becomes the later of both and the resource takes the new value. Durable on return.
   */
  void register(HostInfo host);

  /** Every host ordered by hostname (UTF-8 byte order), at most {@link #MAX_LIST}. */
  List<HostInfo> hosts();

  /** One host by name. */
  Optional<HostInfo> host(String hostname);
}
