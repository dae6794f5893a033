package io.pinscope.model;

import static java.util.Objects.requireNonNull;

/**
 * The key of a server-map link's statistics: caller node → callee node, plus the host the caller used
 * ({@code ""} when unknown). For terminal callees (databases, caches, queues, external hosts) the callee
 * name is the node name (database name, destination, host).
 */
public record LinkKey(
    String callerName, int callerTypeCode, String calleeName, int calleeTypeCode, String host) {
  public LinkKey {
    requireNonNull(callerName, "callerName");
    requireNonNull(calleeName, "calleeName");
    requireNonNull(host, "host");
  }

  // Written out (the record's would go through method handles): the statistics hash and compare a link key
  // for every call counted. The same semantics and the same hash value as the generated methods.
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof LinkKey k && callerTypeCode == k.callerTypeCode
        && calleeTypeCode == k.calleeTypeCode && callerName.equals(k.callerName) && calleeName.equals(k.calleeName)
        && host.equals(k.host));
  }

  @Override
  public int hashCode() {
    int h = callerName.hashCode();
    h = 31 * h + callerTypeCode;
    h = 31 * h + calleeName.hashCode();
    h = 31 * h + calleeTypeCode;
    return 31 * h + host.hashCode();
  }
}
