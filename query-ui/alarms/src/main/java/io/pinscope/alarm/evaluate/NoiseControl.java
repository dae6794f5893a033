package io.pinscope.alarm.evaluate;

import static java.util.Objects.requireNonNull;

import io.pinscope.alarm.channel.Notification;
import io.pinscope.alarm.check.Check;
import io.pinscope.model.alarm.AlarmChannel;
import io.pinscope.model.alarm.AlarmEvent;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.model.alarm.AlarmState;
import io.pinscope.model.alarm.AlarmState.Status;
import io.pinscope.model.alarm.Escalation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One step of a rule's alarm between two evaluations: from its previous state and the evaluation's outcome,
 * its next state and what to record and send. Pure: the evaluator does the reading, writing and sending.
 *
 * <ul>
 *   <li>A <b>firing streak</b> starts at the first evaluation that detects the condition ({@code sinceMillis},
 *       {@code sequence} 1): a FIRING event, sent to the rule's channels. While it goes on, REPEAT events at
 *       the {@link Backoff} times after that first detection, unless acknowledged; and once, when
 *       {@code escalation.afterMinutes} have passed since the FIRING notification was actually sent
 *       ({@code firstNotifiedMillis}: time held back by a silence does not count) without an acknowledgement,
 *       an ESCALATION to the escalation channels.
 *   <li>The first evaluation that no longer detects it, with data to judge by, ends the streak: a RECOVERY
 *       event, sent to the rule's channels and, if escalated, the escalation channels — if anyone was told of
 *       the streak; state OK.
 *   <li>An evaluation without data (no value: no requests in the window, no metrics) during a streak neither
 *       ends nor extends it: the state stays FIRING with no value, nothing is recorded or sent, and the
 *       back-off and escalation resume with the next evaluation that has data. Outside a streak it is OK.
 *   <li>A failed evaluation (the checker threw or timed out) sets FAILED with the error; the first of a
 *       failure streak records an EVALUATION_FAILED event (nothing is sent). A failure in the middle of a firing
 *       streak keeps the streak ({@code sinceMillis}, {@code sequence}, notifications, acknowledgement,
 *       escalation): the next evaluation that works either goes on with it (no second FIRING) or ends it
 *       with a RECOVERY.
 *   <li>While a silence covers the rule, whatever would be sent is held back instead ({@link Action#held()}):
 *       the state moves on as if it had been sent, except that held notifications do not count — a FIRING
 *       held back is sent at the first evaluation after the silence that still finds the condition, a held
 *       REPEAT or ESCALATION when it is next due. A held RECOVERY still ends the streak and is recorded.
 * </ul>
 */
final class NoiseControl {
  private static final long MINUTE = 60_000L;

  private NoiseControl() {}

  /** An evaluation's outcome: a check, or the error that prevented one. */
  record Outcome(@Nullable Check check, @Nullable String error) {
    Outcome {
      if ((check == null) == (error == null)) {
        throw new IllegalArgumentException("outcome: check " + check + ", error " + error
            + " (expected: exactly one of them)");
      }
    }

    static Outcome of(Check check) {
      return new Outcome(requireNonNull(check, "check"), null);
    }

    static Outcome failed(String error) {
      return new Outcome(null, requireNonNull(error, "error"));
    }
  }

  /**
   * Something to record, and to send unless held.
   *
   * @param type the event's type
   * @param notification the notification kind to send, or null (nothing to send: the event only)
   * @param channels where to send it (empty when nothing is sent)
   * @param held whether a silence holds it back: nothing sent, and no event of this type either — except a
   *     RECOVERY, which is always recorded (as not sent)
   * @param message the event's sentence
   */
  record Action(AlarmEvent.Type type, Notification.@Nullable Kind notification, List<AlarmChannel> channels,
      boolean held, String message) {
    Action {
      channels = List.copyOf(channels);
    }
  }

  /** The next state and the actions, in order. */
  record Step(AlarmState next, List<Action> actions) {
    Step {
      actions = List.copyOf(actions);
    }
  }

  /** The step of {@code rule} from {@code prev} at {@code now}; {@code silenced}: a silence covers it now. */
  static Step step(AlarmRule rule, AlarmState prev, Outcome outcome, long now, boolean silenced) {
    boolean streak = prev.inStreak();
    AlarmState.Builder next = prev.toBuilder().lastEvaluatedMillis(now);
    List<Action> actions = new ArrayList<>();
    if (outcome.error() != null) {
      String message = "evaluation failed: " + outcome.error();
      next.status(Status.FAILED).value(null).message(message).error(outcome.error());
      if (prev.status() != Status.FAILED) {
        if (!streak) {
          next.sinceMillis(now).sequence(0);
        }
        actions.add(new Action(AlarmEvent.Type.EVALUATION_FAILED, null, List.of(), false, message));
      }
      return new Step(next.build(), actions);
    }
    Check check = requireNonNull(outcome.check());
    next.value(check.value()).message(check.message()).error(null);
    if (streak && check.value() == null) {
      // Nothing to judge by is no evidence that the condition is gone (a quiet night, a stopped agent): the
      // streak is kept as it is, without a REPEAT claiming it still fires.
      return new Step(next.status(Status.FIRING).build(), actions);
    }
    if (!check.detected()) {
      next.status(Status.OK).sequence(0).notifications(0).nextNotificationMillis(null).acknowledged(null)
          .escalated(false).firstNotifiedMillis(null)
          .sinceMillis(prev.status() == Status.OK ? prev.sinceMillis() : Long.valueOf(now));
      if (streak) {
        boolean told = prev.notifications() > 0 || prev.escalated();
        List<AlarmChannel> to = told ? recoveryChannels(rule, prev) : List.of();
        actions.add(new Action(AlarmEvent.Type.RECOVERY, told ? Notification.Kind.RECOVERY : null, to,
            told && silenced, check.message()));
      }
      return new Step(next.build(), actions);
    }
    next.status(Status.FIRING);
    long since;
    int notifications;
    @Nullable Long firstNotified;
    if (streak) {
      since = requireNonNull(prev.sinceMillis(), "sinceMillis of a firing streak");
      notifications = prev.notifications();
      // States written before firstNotifiedMillis existed: their streak was told at its first detection.
      firstNotified = prev.firstNotifiedMillis() != null || notifications == 0 ? prev.firstNotifiedMillis()
          : prev.sinceMillis();
      next.sequence(prev.sequence() + 1);
    } else {
      since = now;
      notifications = 0;
      firstNotified = null;
      next.sinceMillis(now).sequence(1).notifications(0).nextNotificationMillis(null).acknowledged(null)
          .escalated(false).firstNotifiedMillis(null);
    }
    boolean acknowledged = streak && prev.acknowledged() != null;
    if (notifications == 0 && !acknowledged) {
      actions.add(new Action(AlarmEvent.Type.FIRING, Notification.Kind.FIRING, rule.channels(), silenced,
          check.message()));
      if (!silenced) {
        firstNotified = now;
        next.notifications(1).nextNotificationMillis(Backoff.next(since, now)).firstNotifiedMillis(now);
      }
    } else if (!acknowledged && prev.nextNotificationMillis() != null && now >= prev.nextNotificationMillis()) {
      actions.add(new Action(AlarmEvent.Type.REPEAT, Notification.Kind.REPEAT, rule.channels(), silenced,
          "still firing after " + (now - since) / MINUTE + " min: " + check.message()));
      if (!silenced) {
        next.notifications(notifications + 1).nextNotificationMillis(Backoff.next(since, now));
      }
    }
    Escalation escalation = rule.escalation();
    if (escalation != null && !acknowledged && !(streak && prev.escalated()) && firstNotified != null
        && now >= firstNotified + escalation.afterMinutes() * MINUTE) {
      actions.add(new Action(AlarmEvent.Type.ESCALATION, Notification.Kind.ESCALATION, escalation.channels(),
          silenced, "not acknowledged " + (now - firstNotified) / MINUTE + " min after it was notified: "
              + check.message()));
      if (!silenced) {
        next.escalated(true);
      }
    }
    return new Step(next.build(), actions);
  }

  /** The rule's channels, then the escalation channels if the streak was escalated, each once. */
  private static List<AlarmChannel> recoveryChannels(AlarmRule rule, AlarmState prev) {
    Set<AlarmChannel> to = new LinkedHashSet<>(rule.channels());
    Escalation e = rule.escalation();
    if (prev.escalated() && e != null) {
      to.addAll(e.channels());
    }
    return new ArrayList<>(to);
  }
}
