package io.pinscope.receiver.mapping;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.AgentInfo;
import io.pinscope.model.Attributes;
import io.pinscope.model.ServiceType;
import io.pinscope.model.ServiceTypeRegistry;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * Who sent a batch, read from its OTel resource (DESIGN §3):
 * <ul>
 *   <li>application: {@code pinpoint.applicationName}, else {@code service.name} (required);
 *   <li>agent: {@code pinpoint.agentId}, else {@code service.instance.id}, else {@code host.name} and
 *       {@code process.pid}, else {@code host.name}, else the application name;
 *   <li>service type: from {@code telemetry.sdk.language} through {@link ServiceTypeRegistry};
 *   <li>agent start time (epoch ms): {@code pinpoint.agentStartTime}, else {@code process.creation.time}
 *       (ISO-8601), else the time the agent was first seen.
 * </ul>
 */
public record ResourceIdentity(String applicationName, String agentId, ServiceType serviceType,
    String hostname, long startTimeMillis, Attributes resource) {
  public ResourceIdentity {
    requireNonNull(applicationName, "applicationName");
    requireNonNull(agentId, "agentId");
    requireNonNull(serviceType, "serviceType");
    requireNonNull(hostname, "hostname");
    requireNonNull(resource, "resource");
  }

  /**
   * The identity of {@code resource}, or null when it names no application (no {@code service.name} and
   * no {@code pinpoint.applicationName}). {@code nowMillis} stands in for an unknown start time.
   */
  public static @Nullable ResourceIdentity of(Attributes resource, long nowMillis) {
    String application = nonEmpty(resource.firstText("pinpoint.applicationName", "service.name"));
    if (application == null) {
      return null;
    }
    String host = nonEmpty(resource.text("host.name"));
    String pid = nonEmpty(resource.text("process.pid"));
    String agentId = nonEmpty(resource.firstText("pinpoint.agentId", "service.instance.id"));
    if (agentId == null) {
      agentId = host != null ? (pid != null ? host + "-" + pid : host) : application;
    }
    return new ResourceIdentity(application, agentId,
        ServiceTypeRegistry.forLanguage(resource.text("telemetry.sdk.language")),
        host == null ? "" : host, startTime(resource, nowMillis), resource);
  }

  /** The agent record for the registry, seen at {@code nowMillis}. */
  public AgentInfo toAgentInfo(long nowMillis) {
    return new AgentInfo(applicationName, agentId, serviceType.code(), hostname, startTimeMillis, nowMillis,
        nowMillis, resource);
  }

  private static long startTime(Attributes resource, long nowMillis) {
    Long pinpoint = resource.longValue("pinpoint.agentStartTime");
    if (pinpoint != null && pinpoint > 0) {
      return pinpoint;
    }
    String created = resource.text("process.creation.time");
    if (created != null) {
      try {
        return Instant.parse(created).toEpochMilli();
      } catch (DateTimeParseException e) {
        // Not ISO-8601: fall through to first-seen.
      }
    }
    return nowMillis;
  }

  private static @Nullable String nonEmpty(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
