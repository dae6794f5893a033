package io.pinscope.query;

import io.pinscope.model.AgentInfo;
import io.pinscope.model.Attributes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The rows of {@code GET /api/v1/applications/{app}/agents}: each agent's stored fields plus its runtime,
 * SDK, agent version, status and whole resource, as {@code query-ui/API.md} documents them.
 *
 * <p>Status, judged at {@code at} = the earlier of {@code to} and now (now without a range):
 * <ul>
 *   <li>{@code NO_DATA}: last seen more than the no-data interval before {@code at};
 *   <li>{@code RESTARTED}: the resource declares the start time ({@code pinpoint.agentStartTime} or
 *       {@code process.creation.time}, as the receiver read it) that lies in the range (before {@code at} without one) and is later
 *       than {@link #RESTART_SKEW_MILLIS} after the agent id was first seen — an earlier process had the same id;
 *   <li>{@code RUNNING}: otherwise.
 * </ul>
 * An agent that declares no start time is never {@code RESTARTED}: its start time is only when it was
 * registered. The registry keeps one record per agent id, so an earlier {@code service.instance.id} is not
 * known and does not count.
 */
final class AgentList {
  /** The no-data interval unless configured. */
  static final long DEFAULT_NO_DATA_MILLIS = 5 * 60_000L;
  /** Clock skew tolerated between the sender's start time and our first-seen time. */
  static final long RESTART_SKEW_MILLIS = 60_000L;

  enum Status { RUNNING, NO_DATA, RESTARTED }

  private AgentList() {}

  static Status status(AgentInfo a, @Nullable Long from, long at, long noDataMillis) {
    if (a.lastSeenMillis() < at - noDataMillis) {
      return Status.NO_DATA;
    }
    long start = a.startTimeMillis();
    boolean inRange = (from == null || start >= from) && start <= at;
    if (declaresStart(a.resource(), start) && inRange && start > a.firstSeenMillis() + RESTART_SKEW_MILLIS) {
      return Status.RESTARTED;
    }
    return Status.RUNNING;
  }

  /** Whether the resource declares {@code start} (else the registry stood in its registration time). */
  private static boolean declaresStart(Attributes r, long start) {
    Long pinpoint = r.longValue("pinpoint.agentStartTime");
    if (pinpoint != null && pinpoint == start) {
      return true;
    }
    String created = r.text("process.creation.time");
    try {
      return created != null && Instant.parse(created).toEpochMilli() == start;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** One row; {@code from}/{@code to} are null without a range. */
  static Map<String, Object> row(AgentInfo a, @Nullable Long from, @Nullable Long to, long nowMillis,
      long noDataMillis) {
    long at = to == null ? nowMillis : Math.min(to, nowMillis);
    Attributes r = a.resource();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("agentId", a.agentId());
    m.put("hostname", a.hostname());
    m.put("startTime", a.startTimeMillis());
    m.put("lastSeen", a.lastSeenMillis());
    m.put("serviceType", a.serviceType().name());
    m.put("serviceTypeCode", a.serviceTypeCode());
    m.put("firstSeen", a.firstSeenMillis());
    m.put("runtime", runtime(r));
    m.put("sdk", join(r.text("telemetry.sdk.name"), r.text("telemetry.sdk.version")));
    m.put("agentVersion", agentVersion(r));
    m.put("status", status(a, from, at, noDataMillis).name());
    m.put("resource", Json.attributes(r));
    return m;
  }

  /** {@code process.runtime.name version}, else the SDK language; null when neither is there. */
  static @Nullable String runtime(Attributes r) {
    String name = r.text("process.runtime.name");
    if (name != null) {
      return join(name, r.text("process.runtime.version"));
    }
    return r.text("telemetry.sdk.language");
  }

  /**
   * The auto-instrumentation's name and version: {@code telemetry.distro.*} (the Java agent 2.x, the Python
   * distro), else {@code telemetry.auto.version} (older agents, which send only a version).
   */
  static @Nullable String agentVersion(Attributes r) {
    String distro = join(r.text("telemetry.distro.name"), r.text("telemetry.distro.version"));
    return distro != null ? distro : r.text("telemetry.auto.version");
  }

  private static @Nullable String join(@Nullable String name, @Nullable String version) {
    if (name == null) {
      return version;
    }
    return version == null ? name : name + " " + version;
  }
}
