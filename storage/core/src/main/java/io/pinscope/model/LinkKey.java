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
}
