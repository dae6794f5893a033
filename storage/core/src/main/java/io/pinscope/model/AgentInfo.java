package io.pinscope.model;

import static java.util.Objects.requireNonNull;

/**
 * One agent (instance) of an application, with the full OTel resource it reported. Times are epoch
 * milliseconds; {@code firstSeenMillis <= lastSeenMillis}.
 */
public record AgentInfo(
    String applicationName,
    String agentId,
    int serviceTypeCode,
    String hostname,
    long startTimeMillis,
    long firstSeenMillis,
    long lastSeenMillis,
    Attributes resource) {
  public AgentInfo {
    requireNonNull(applicationName, "applicationName");
    requireNonNull(agentId, "agentId");
    requireNonNull(hostname, "hostname");
    requireNonNull(resource, "resource");
    if (applicationName.isEmpty()) {
      throw new IllegalArgumentException("applicationName: \"\" (expected: non-empty)");
    }
    if (agentId.isEmpty()) {
      throw new IllegalArgumentException("agentId: \"\" (expected: non-empty)");
    }
    if (lastSeenMillis < firstSeenMillis) {
      throw new IllegalArgumentException(
          "lastSeenMillis: " + lastSeenMillis + " (expected: >= firstSeenMillis " + firstSeenMillis + ")");
    }
  }

  /** The service type of the application. */
  public ServiceType serviceType() {
    return ServiceTypeRegistry.ofCode(serviceTypeCode);
  }
}
