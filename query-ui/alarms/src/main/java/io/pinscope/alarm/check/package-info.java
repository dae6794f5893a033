/**
 * The checkers: one evaluation of one alarm rule over a time window, giving its value, whether the rule
 * fires and a sentence saying so ({@link io.pinscope.alarm.check.Check}). One checker per family of
 * {@link io.pinscope.model.alarm.RuleKind}: response histograms (the application's own, its calls to a callee,
 * a route's, a statement's), agent metrics (heap, JVM CPU, active requests) and agents gone silent; the
 * {@link io.pinscope.alarm.check.CheckerRegistry} maps every kind to its checker and takes more (the anomaly
 * checkers).
 */
@NullMarked
package io.pinscope.alarm.check;

import org.jspecify.annotations.NullMarked;
