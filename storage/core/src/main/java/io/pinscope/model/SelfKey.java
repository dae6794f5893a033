package io.pinscope.model;

import static java.util.Objects.requireNonNull;

/** The key of a node's own ("self") response statistics: one application agent. */
public record SelfKey(String applicationName, int serviceTypeCode, String agentId) {
  public SelfKey {
    requireNonNull(applicationName, "applicationName");
    requireNonNull(agentId, "agentId");
  }
}
