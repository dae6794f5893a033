package io.pinscope.model;

import static java.util.Objects.requireNonNull;

/** The key of a node's own ("self") response statistics: one application agent. */
public record SelfKey(String applicationName, int serviceTypeCode, String agentId) {
  public SelfKey {
    requireNonNull(applicationName, "applicationName");
    requireNonNull(agentId, "agentId");
  }

  // Written out (the record's would go through method handles): the statistics hash and compare a self key
  // for every entry span. The same semantics and the same hash value as the generated methods.
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof SelfKey k && serviceTypeCode == k.serviceTypeCode
        && applicationName.equals(k.applicationName) && agentId.equals(k.agentId));
  }

  @Override
  public int hashCode() {
    return 31 * (31 * applicationName.hashCode() + serviceTypeCode) + agentId.hashCode();
  }
}
