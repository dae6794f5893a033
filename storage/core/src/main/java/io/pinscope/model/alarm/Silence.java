package io.pinscope.model.alarm;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A time range in which an application's alarms (or one rule's) notify nobody; their state is still
 * tracked and one {@code SILENCED} event per silence is recorded.
 *
 * @param id 1-64 letters, digits, '.', '_' or '-'
 * @param application the application whose rules are silenced
 * @param ruleId the one rule silenced, or null for every rule of the application
 * @param fromMillis start, inclusive (epoch ms)
 * @param toMillis end, exclusive (epoch ms), after {@code fromMillis}
 * @param reason why, possibly empty
 * @param createdBy who, possibly empty
 */
public record Silence(String id, String application, @Nullable String ruleId, long fromMillis, long toMillis,
    String reason, String createdBy) {
  public Silence {
    Checks.id("id", id);
    Checks.text("application", application, AlarmRule.MAX_APPLICATION);
    if (ruleId != null && ruleId.isEmpty()) {
      ruleId = null;
    }
    if (ruleId != null) {
      Checks.id("ruleId", ruleId);
    }
    Checks.nonNegative("from", fromMillis);
    if (toMillis <= fromMillis) {
      throw new IllegalArgumentException("to: " + toMillis + " (expected: > from " + fromMillis + ")");
    }
    Checks.optionalText("reason", reason);
    Checks.optionalText("createdBy", createdBy);
  }

  /** A silence with a fresh random id. */
  public static Silence create(String application, @Nullable String ruleId, long fromMillis, long toMillis,
      String reason, String createdBy) {
    return new Silence(UUID.randomUUID().toString(), application, ruleId, fromMillis, toMillis, reason, createdBy);
  }

  /** Whether this silence covers {@code rule} at {@code millis}. */
  public boolean covers(AlarmRule rule, long millis) {
    return application.equals(rule.application()) && (ruleId == null || ruleId.equals(rule.id()))
        && millis >= fromMillis && millis < toMillis;
  }

  /** Of {@code silences}, the one covering {@code rule} at {@code millis} that ends last; null when none does. */
  public static @Nullable Silence latestCovering(List<Silence> silences, AlarmRule rule, long millis) {
    Silence found = null;
    for (Silence s : silences) {
      if (s.covers(rule, millis) && (found == null || s.toMillis() > found.toMillis())) {
        found = s;
      }
    }
    return found;
  }
}
