/**
 * The anomaly rules (ANOMALY_AVG_RESPONSE_TIME, ANOMALY_ERROR_RATE, ANOMALY_TOTAL_COUNT): the current window
 * of an application's self statistics against a seasonal baseline from its history — the same window on
 * each of the previous days and the windows just before it — scored with a robust z (median and MAD).
 * {@link io.pinscope.alarm.anomaly.AnomalyDetector} is the pure maths,
 * {@link io.pinscope.alarm.anomaly.BaselineReader} reads the windows from storage.
 */
@NullMarked
package io.pinscope.alarm.anomaly;

import org.jspecify.annotations.NullMarked;
