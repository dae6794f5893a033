package io.pinscope.receiver;

import io.pinscope.receiver.mapping.ResourceIdentity;
import io.pinscope.storage.ApplicationRegistry;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registers the agents that send data, at most once per {@link #REFRESH_MILLIS} per agent so that every
 * batch does not cost a registry write, while last-seen times stay within that interval of the truth.
 */
final class AgentRegistrar {
  static final long REFRESH_MILLIS = 60_000;
  private static final int MAX_REMEMBERED = 100_000;

  private final ApplicationRegistry registry;
  private final Clock clock;
  private final ConcurrentHashMap<String, Long> lastRegistered = new ConcurrentHashMap<>();

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
    Long last = lastRegistered.get(key);
    if (last != null && now - last < REFRESH_MILLIS) {
      return;
    }
    registry.register(identity.toAgentInfo(now));
    if (lastRegistered.size() >= MAX_REMEMBERED) {
      lastRegistered.clear(); // bounded memory; the cost is one extra registration per agent
    }
    lastRegistered.put(key, now);
  }
}
