package io.pinscope.model;

import static java.util.Objects.requireNonNull;

/**
 * A host-map entry: callers of {@code callerName} that addressed {@code host} reached the application
 * {@code acceptorName} (used to turn "caller → host X" into "caller → application Y" at query time).
 */
public record HostMapping(String callerName, String host, String acceptorName, int acceptorTypeCode) {
  public HostMapping {
    requireNonNull(callerName, "callerName");
    requireNonNull(host, "host");
    requireNonNull(acceptorName, "acceptorName");
  }
}
