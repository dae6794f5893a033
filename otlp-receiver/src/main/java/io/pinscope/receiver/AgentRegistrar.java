package io.pinscope.receiver;

import io.pinscope.receiver.mapping.ResourceIdentity;
import io.pinscope.storage.ApplicationRegistry;
import java.time.Clock;

/**
 * Registers the agents that send data, at most once per {@link SeenThrottle#REFRESH_MILLIS} per agent so
 * that every batch does not cost a registry write, while last-seen times stay within that interval of the
 * truth.
 */
final class AgentRegistrar {
  private final ApplicationRegistry registry;
  private final Clock clock;
  private final SeenThrottle throttle = new SeenThrottle();

  AgentRegistrar(ApplicationRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  void seen(ResourceIdentity identity) {
    long now = clock.millis();
    // A restarted agent keeps its id but must re-register at once, so the start time the resource declares
    // is part of the key (not the first-seen time that stands in when it declares none).
    String key = identity.applicationName() + '\u0000' + identity.agentId() + '\u0000'
        + identity.resource().firstText("pinpoint.agentStartTime", "process.creation.time");
    if (throttle.due(key, now)) {
      registry.register(identity.toAgentInfo(now));
      throttle.registered(key, now);
    }
  }
}
