package io.pinscope.receiver;

import io.pinscope.model.Attributes;
import io.pinscope.model.HostInfo;
import io.pinscope.storage.HostRegistry;
import java.time.Clock;

/**
 * Registers the hosts that send host metrics, at most once per {@link SeenThrottle#REFRESH_MILLIS} per
 * host (last seen is then at most that stale).
 */
final class HostRegistrar {
  private final HostRegistry registry;
  private final Clock clock;
  private final SeenThrottle throttle = new SeenThrottle();

  HostRegistrar(HostRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  void seen(String hostname, Attributes resource) {
    long now = clock.millis();
    if (throttle.due(hostname, now)) {
      registry.register(new HostInfo(hostname, now, now, resource));
      throttle.registered(hostname, now);
    }
  }
}
