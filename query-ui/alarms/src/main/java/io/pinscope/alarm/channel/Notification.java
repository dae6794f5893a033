package io.pinscope.alarm.channel;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One message about one alarm, as every channel sends it.
 *
 * @param kind why it is sent
 * @param ruleId the rule's id
 * @param ruleName the rule's name as the user gave it
 * @param application the application the rule watches
 * @param checker the rule's kind as a name users know (e.g. {@code "ERROR RATE"})
 * @param target the callee, route, statement or agent the rule is about, if any
 * @param threshold the rule's threshold, in {@code unit}
 * @param value the value found by the evaluation that sent this, in {@code unit}
 * @param unit the unit of {@code threshold} and {@code value} (e.g. {@code "%"}, {@code "ms"}, {@code "count"})
 * @param message one human sentence saying what was found (and, for anomalies, how far from normal)
 * @param firstDetectedMillis when the alarm started firing (epoch ms)
 * @param evaluatedMillis the evaluation that sent this (epoch ms)
 * @param sequence how many evaluations in a row found it (1 on the first notification)
 * @param link a URL into the UI showing the alarm, if the server knows its public address; may be relative
 *     ({@code /…} or {@code #…}): {@link ChannelDispatcher} puts its public base URL in front, and gives a
 *     notification without a link one when it has a base URL
 */
public record Notification(
    Kind kind,
    String ruleId,
    String ruleName,
    String application,
    String checker,
    @Nullable String target,
    double threshold,
    double value,
    String unit,
    String message,
    long firstDetectedMillis,
    long evaluatedMillis,
    int sequence,
    @Nullable String link) {

  /** Why a notification is sent. */
  public enum Kind {
    /** The rule's condition was first found. */
    FIRING,
    /** Still firing, on the back-off schedule (3, 6, 12, 24 minutes). */
    REPEAT,
    /** Firing and not acknowledged in time: sent to the escalation channels. */
    ESCALATION,
    /** The condition is no longer found. */
    RECOVERY
  }

  public Notification {
    requireNonNull(kind, "kind");
    requireNonNull(ruleId, "ruleId");
    requireNonNull(ruleName, "ruleName");
    requireNonNull(application, "application");
    requireNonNull(checker, "checker");
    requireNonNull(unit, "unit");
    requireNonNull(message, "message");
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence: " + sequence + " (expected: >= 1)");
    }
  }
}
