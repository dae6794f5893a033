package io.pinscope.model.alarm;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Where a rule's evaluation stands, as the evaluator keeps it between evaluations (and across restarts).
 *
 * @param ruleId the rule
 * @param status see {@link Status}
 * @param sinceMillis when the current status began (epoch ms); null while {@link Status#PENDING}
 * @param value the last evaluated value in the kind's unit, null when none (never evaluated, failed, or no
 *     data)
 * @param message the last evaluation's outcome in one sentence, or null
 * @param lastEvaluatedMillis when the rule was last evaluated (epoch ms), or null
 * @param sequence evaluations in a row that found the rule firing (0 when not firing)
 * @param notifications notifications sent in the current firing streak (FIRING and REPEAT)
 * @param nextNotificationMillis when the next REPEAT is due (epoch ms), or null
 * @param acknowledged who acknowledged the current firing streak, or null
 * @param escalated whether the current firing streak was escalated
 * @param error the last evaluation's failure while {@link Status#FAILED}, else null
 * @param firstNotifiedMillis when the current firing streak's FIRING notification was actually sent (epoch ms;
 *     later than {@code sinceMillis} when a silence held it back), null while nobody was told; the escalation
 *     delay counts from it
 */
public record AlarmState(String ruleId, Status status, @Nullable Long sinceMillis, @Nullable Double value,
    @Nullable String message, @Nullable Long lastEvaluatedMillis, int sequence, int notifications,
    @Nullable Long nextNotificationMillis, @Nullable Acknowledgement acknowledged, boolean escalated,
    @Nullable String error, @Nullable Long firstNotifiedMillis) {

  /** Where a rule stands. */
  public enum Status {
    /** Never evaluated yet. */
    PENDING,
    /** Evaluated and not firing. */
    OK,
    /** Evaluated and firing. */
    FIRING,
    /** The last evaluation failed (see {@link AlarmState#error()}). */
    FAILED
  }

  public AlarmState {
    Checks.id("ruleId", ruleId);
    requireNonNull(status, "status");
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence: " + sequence + " (expected: >= 0)");
    }
    if (notifications < 0) {
      throw new IllegalArgumentException("notifications: " + notifications + " (expected: >= 0)");
    }
  }

  /** The state of a rule never evaluated. */
  public static AlarmState pending(String ruleId) {
    return new AlarmState(ruleId, Status.PENDING, null, null, null, null, 0, 0, null, null, false, null, null);
  }

  /**
   * Whether this state is in a firing streak: FIRING, or FAILED since it was (a failed evaluation keeps the
   * streak). Only a state in a streak can be acknowledged.
   */
  public boolean inStreak() {
    return status == Status.FIRING || (status == Status.FAILED && sequence > 0);
  }

  /** This state acknowledged by {@code ack} (the caller checks it is firing). */
  public AlarmState acknowledge(Acknowledgement ack) {
    return toBuilder().acknowledged(ack).build();
  }

  /** A builder holding this state's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds changed copies of a state; not thread-safe. */
  public static final class Builder {
    private final String ruleId;
    private Status status;
    private @Nullable Long sinceMillis;
    private @Nullable Double value;
    private @Nullable String message;
    private @Nullable Long lastEvaluatedMillis;
    private int sequence;
    private int notifications;
    private @Nullable Long nextNotificationMillis;
    private @Nullable Acknowledgement acknowledged;
    private boolean escalated;
    private @Nullable String error;
    private @Nullable Long firstNotifiedMillis;

    private Builder(AlarmState s) {
      ruleId = s.ruleId;
      status = s.status;
      sinceMillis = s.sinceMillis;
      value = s.value;
      message = s.message;
      lastEvaluatedMillis = s.lastEvaluatedMillis;
      sequence = s.sequence;
      notifications = s.notifications;
      nextNotificationMillis = s.nextNotificationMillis;
      acknowledged = s.acknowledged;
      escalated = s.escalated;
      error = s.error;
      firstNotifiedMillis = s.firstNotifiedMillis;
    }

    public Builder status(Status status) {
      this.status = status;
      return this;
    }

    public Builder sinceMillis(@Nullable Long sinceMillis) {
      this.sinceMillis = sinceMillis;
      return this;
    }

    public Builder value(@Nullable Double value) {
      this.value = value;
      return this;
    }

    public Builder message(@Nullable String message) {
      this.message = message;
      return this;
    }

    public Builder lastEvaluatedMillis(@Nullable Long lastEvaluatedMillis) {
      this.lastEvaluatedMillis = lastEvaluatedMillis;
      return this;
    }

    public Builder sequence(int sequence) {
      this.sequence = sequence;
      return this;
    }

    public Builder notifications(int notifications) {
      this.notifications = notifications;
      return this;
    }

    public Builder nextNotificationMillis(@Nullable Long nextNotificationMillis) {
      this.nextNotificationMillis = nextNotificationMillis;
      return this;
    }

    public Builder acknowledged(@Nullable Acknowledgement acknowledged) {
      this.acknowledged = acknowledged;
      return this;
    }

    public Builder escalated(boolean escalated) {
      this.escalated = escalated;
      return this;
    }

    public Builder error(@Nullable String error) {
      this.error = error;
      return this;
    }

    public Builder firstNotifiedMillis(@Nullable Long firstNotifiedMillis) {
      this.firstNotifiedMillis = firstNotifiedMillis;
      return this;
    }

    public AlarmState build() {
      return new AlarmState(ruleId, status, sinceMillis, value, message, lastEvaluatedMillis, sequence,
          notifications, nextNotificationMillis, acknowledged, escalated, error, firstNotifiedMillis);
    }
  }
}
