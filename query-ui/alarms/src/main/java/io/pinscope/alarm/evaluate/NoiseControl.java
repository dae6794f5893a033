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
 *       {@code escalation.afterMinutes} have passed since the first detection without an acknowledgement, an
 *       ESCALATION to the escalation channels.
 *   <li>The first evaluation that no longer detects it ends the streak: a RECOVERY event, sent to the rule's
 *       channels and, if escalated, the escalation channels — if anyone was told of the streak; state OK.
 *   <li>A failed evaluation (the checker threw or timed out) sets FAILED with the error; the first of a
 *       failure streak records an EVALUATION_FAILED event (nothing is sent). A failure in the middle of a firing
 *       streak keeps the streak ({@code sinceMillis}, {@code sequence}, notifications, acknowledgement,
 *       escalation): the next evaluation that works either goes on with it (no second FIRING) or ends it
 *       with a RECOVERY.
 *   <li>While a silence covers the rule, whatever would be sent is held back instead ({@link Action#held()}):
 *       the state moves on as if it had been sent, except that held notifications do not count — a FIRING
 *       held back is sent at the first evaluation after the silence that still finds the condition, a held
 *       REPEAT or ESCALATION when it is next due.
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
   * @param held whether a silence holds it back: no event of this type and nothing sent
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
    boolean streak = inStreak(prev);
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
    if (!check.detected()) {
      next.status(Status.OK).sequence(0).notifications(0).nextNotificationMillis(null).acknowledged(null)
          .escalated(false).sinceMillis(prev.status() == Status.OK ? prev.sinceMillis() : Long.valueOf(now));
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
    if (streak) {
      since = requireNonNull(prev.sinceMillis(), "sinceMillis of a firing streak");
      notifications = prev.notifications();
      next.sequence(prev.sequence() + 1);
    } else {
      since = now;
      notifications = 0;
      next.sinceMillis(now).sequence(1).notifications(0).nextNotificationMillis(null).acknowledged(null)
          .escalated(false);
    }
    boolean acknowledged = streak && prev.acknowledged() != null;
    if (notifications == 0 && !acknowledged) {
      actions.add(new Action(AlarmEvent.Type.FIRING, Notification.Kind.FIRING, rule.channels(), silenced,
          check.message()));
      if (!silenced) {
        next.notifications(1).nextNotificationMillis(Backoff.next(since, now));
      }
    } else if (!acknowledged && prev.nextNotificationMillis() != null && now >= prev.nextNotificationMillis()) {
      actions.add(new Action(AlarmEvent.Type.REPEAT, Notification.Kind.REPEAT, rule.channels(), silenced,
          "still firing after " + (now - since) / MINUTE + " min: " + check.message()));
      if (!silenced) {
        next.notifications(notifications + 1).nextNotificationMillis(Backoff.next(since, now));
      }
    }
    Escalation escalation = rule.escalation();
    if (escalation != null && !acknowledged && !(streak && prev.escalated())
        && now >= since + escalation.afterMinutes() * MINUTE) {
      actions.add(new Action(AlarmEvent.Type.ESCALATION, Notification.Kind.ESCALATION, escalation.channels(),
          silenced, "not acknowledged " + (now - since) / MINUTE + " min after it fired: " + check.message()));
      if (!silenced) {
        next.escalated(true);
      }
    }
    return new Step(next.build(), actions);
  }

  /** Whether {@code s} is in a firing streak (firing, or failing since it was). */
  static boolean inStreak(AlarmState s) {
    return s.status() == Status.FIRING || (s.status() == Status.FAILED && s.sequence() > 0);
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
