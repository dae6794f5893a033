package io.pinscope.server.health;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One readiness check's outcome: whether the process should receive traffic, why not (empty when ready,
 * client-safe: no file path, no exception class) and each check's detail by name, in the order checked.
 */
public record ReadinessReport(boolean ready, String reason, Map<String, Object> checks) {
  public ReadinessReport {
    requireNonNull(reason, "reason");
    checks = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(checks, "checks")));
    if (ready && !reason.isEmpty()) {
      throw new IllegalArgumentException("reason: " + reason + " (expected: empty when ready)");
    }
    if (!ready && reason.isEmpty()) {
      throw new IllegalArgumentException("reason: empty (expected: why the process is not ready)");
    }
  }

  /** Ready, with {@code checks}. */
  public static ReadinessReport ready(Map<String, Object> checks) {
    return new ReadinessReport(true, "", checks);
  }

  /** Not ready because of {@code reason}, with {@code checks}. */
  public static ReadinessReport notReady(String reason, Map<String, Object> checks) {
    return new ReadinessReport(false, reason, checks);
  }
}
