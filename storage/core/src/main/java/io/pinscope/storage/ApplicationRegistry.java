package io.pinscope.storage;

import io.pinscope.model.AgentInfo;
import io.pinscope.model.ServiceType;
import java.util.List;
import java.util.Optional;

/** Applications and their agents, with first- and last-seen times (epoch milliseconds). */
public interface ApplicationRegistry {
  /** The most applications or agents a listing returns. */
  int MAX_LIST = 10_000;

  /**
   * Records an agent. When the agent is known, its first-seen time is kept (the earlier of both), its
   * last-seen time becomes the later of both, and the other fields take the new values. Durable on return.
   */
  void register(AgentInfo agent);

  /** Every application, by name, at most {@link #MAX_LIST}. */
  List<Application> applications();

  /** The agents of one application ordered by agent id, at most {@link #MAX_LIST}. */
  List<AgentInfo> agents(String applicationName);

  /** One agent by id. */
  Optional<AgentInfo> agent(String agentId);

  /** An application and its service type (that of its most recently registered agent). */
  record Application(String name, ServiceType serviceType) {}
}
