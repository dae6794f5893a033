package io.pinscope.storage;

import io.pinscope.model.alarm.AlarmEvent;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.model.alarm.AlarmState;
import io.pinscope.model.alarm.DeliveryRecord;
import io.pinscope.model.alarm.Silence;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Alarm rules, their evaluation state, their history (events) and silences. Every write is durable on
 * return. Rules, states and silences never expire (the alarm evaluator deletes silences long ended); events
 * expire with the statistics retention. Listings skip a stored value that cannot be decoded (with a warning);
 * reading one by id throws {@link IllegalStateException}.
 *
 * <p>One process owns a data directory, and the repository serialises its own read-modify-writes, so
 * {@link #replaceState} is a true compare-and-set and a state is never written for a rule deleted before.
 */
public interface AlarmStore {
  /** The most rules, or silences, a listing returns. */
  int MAX_LIST = 10_000;
  /** The most events one history read returns. */
  int MAX_EVENTS = 1_000;

  /** Stores the rule, replacing the one with the same id. */
  void putRule(AlarmRule rule);

  /** The rule with this id. */
  Optional<AlarmRule> rule(String id);

  /** Every rule, ordered by id, at most {@link #MAX_LIST} (more are left out with a warning). */
  List<AlarmRule> rules();

  /** The rules of one application, ordered by id, at most {@link #MAX_LIST}. */
  List<AlarmRule> rules(String application);

  /** Removes the rule, its state and the silences of this rule alone (not its events); true when it existed. */
  boolean deleteRule(String id);

  /** The rule's stored state; empty when never written (read it as {@link AlarmState#pending}). */
  Optional<AlarmState> state(String ruleId);

  /**
   * Stores the state, whatever was there (last writer wins).
   *
   * @return false, writing nothing, when no rule has {@code state.ruleId()} (it was deleted)
   */
  boolean putState(AlarmState state);

  /**
   * Stores {@code next} only when the stored state equals {@code expected} (null: none stored) and the rule
   * exists; so an acknowledgement and an evaluation never overwrite each other unseen.
   *
   * @return whether it was stored
   */
  boolean replaceState(@Nullable AlarmState expected, AlarmState next);

  /** Appends an event to the history (its deliveries with it). Appending the same id again replaces it. */
  void appendEvent(AlarmEvent event);

  /**
   * Adds a delivery outcome to an event appended before (deliveries finish after the event is written).
   * Concurrent additions to one event are all kept; adding an outcome for the same channel with the
   * same finish time again replaces it. Adding to an event that was never appended (or has
   * expired) stores nothing readable.
   */
  void addDelivery(AlarmEvent event, DeliveryRecord delivery);

  /**
   * Events matching the query, newest first (ties in id order), each with its deliveries in the order
   * they finished.
   */
  List<AlarmEvent> events(EventQuery query);

  /** Stores the silence, replacing the one with the same id. */
  void putSilence(Silence silence);

  /** The silence with this id. */
  Optional<Silence> silence(String id);

  /**
   * Every silence (past ones too, until deleted), ordered by id, at most {@link #MAX_LIST} (more are left out
   * with a warning).
   */
  List<Silence> silences();

  /** The silences of one application, ordered by id, at most {@link #MAX_LIST}. */
  List<Silence> silences(String application);

  /** Removes the silence; true when it existed. */
  boolean deleteSilence(String id);

  /**
   * Which events to read: of one application and/or one rule (null: any), time in
   * {@code [fromMillis, toMillis)}, at most {@code limit} (1..{@link #MAX_EVENTS}).
   */
  record EventQuery(@Nullable String application, @Nullable String ruleId, long fromMillis, long toMillis,
      int limit) {
    public EventQuery {
      if (fromMillis < 0) {
        throw new IllegalArgumentException("from: " + fromMillis + " (expected: >= 0)");
      }
      if (toMillis <= fromMillis) {
        throw new IllegalArgumentException("to: " + toMillis + " (expected: > from " + fromMillis + ")");
      }
      if (limit < 1 || limit > MAX_EVENTS) {
        throw new IllegalArgumentException("limit: " + limit + " (expected: 1.." + MAX_EVENTS + ")");
      }
    }

    /** Every event before {@code toMillis}, at most {@code limit}. */
    public static EventQuery all(long toMillis, int limit) {
      return new EventQuery(null, null, 0, toMillis, limit);
    }
  }
}
