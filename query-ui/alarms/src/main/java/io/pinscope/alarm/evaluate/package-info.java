/**
 * The alarm evaluator: every rule evaluated on a schedule over the last window, each on its own task with a
 * time limit, and the noise control between a rule's evaluations — back-off of re-notifications,
 * acknowledgement, escalation, recovery, silences — kept in the alarm state in storage, with every event and
 * delivery outcome written to the alarm history.
 */
@NullMarked
package io.pinscope.alarm.evaluate;

import org.jspecify.annotations.NullMarked;
