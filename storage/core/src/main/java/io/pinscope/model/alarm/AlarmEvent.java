package io.pinscope.model.alarm;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the alarm history: something that happened to a rule at {@code timeMillis}, with the
 * outcomes of the notifications it sent (added as each delivery finishes, so possibly fewer than the
 * channels, or none, when read early).
 *
 * @param id unique; 1-64 letters, digits, '.', '_' or '-'
 * @param timeMillis when it happened (epoch ms)
 * @param ruleName the rule's name at the time (the rule may be renamed or deleted later)
 * @param value the value that led to it in {@code unit}, or null (e.g. {@link Type#ACKNOWLEDGED})
 * @param unit the rule kind's unit symbol ({@link RuleKind#unitSymbol()})
 * @param message one human sentence
 * @param deliveries what became of each notification, in the order they finished
 */
public record AlarmEvent(String id, long timeMillis, String ruleId, String ruleName, String application,
    Type type, @Nullable Double value, String unit, String message, List<DeliveryRecord> deliveries) {

  /** What happened. */
  public enum Type {
    /** The condition was first found; notifications went to the rule's channels. */
    FIRING,
    /** Still firing: a re-notification on the back-off schedule. */
    REPEAT,
    /** Firing and not acknowledged in time: the escalation channels were told. */
    ESCALATION,
    /** The condition is gone. */
    RECOVERY,
    /** Someone acknowledged the alarm. */
    ACKNOWLEDGED,
    /** A notification was held back by a silence (recorded once per silence). */
    SILENCED,
    /** The evaluation failed (recorded once per failure streak). */
    EVALUATION_FAILED
  }

  public AlarmEvent {
    Checks.id("id", id);
    Checks.nonNegative("time", timeMillis);
    Checks.id("ruleId", ruleId);
    requireNonNull(ruleName, "ruleName");
    Checks.text("application", application, AlarmRule.MAX_APPLICATION);
    requireNonNull(type, "type");
    requireNonNull(unit, "unit");
    requireNonNull(message, "message");
    deliveries = List.copyOf(deliveries);
  }

  /** A new event about {@code rule} with a random id and no deliveries yet. */
  public static AlarmEvent of(AlarmRule rule, long timeMillis, Type type, @Nullable Double value, String message) {
    return new AlarmEvent(UUID.randomUUID().toString(), timeMillis, rule.id(), rule.name(), rule.application(),
        type, value, rule.kind().unitSymbol(), message, List.of());
  }

  /** This event with one more delivery outcome. */
  public AlarmEvent withDelivery(DeliveryRecord delivery) {
    List<DeliveryRecord> more = new ArrayList<>(deliveries);
    more.add(requireNonNull(delivery, "delivery"));
    return new AlarmEvent(id, timeMillis, ruleId, ruleName, application, type, value, unit, message, more);
  }
}
