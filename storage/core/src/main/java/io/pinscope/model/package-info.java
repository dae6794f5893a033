/**
 * The Pinscope domain model: OTel spans stored faithfully ({@link io.pinscope.model.StoredSpan}),
 * identity ({@link io.pinscope.model.TraceId}, {@link io.pinscope.model.SpanIds},
 * {@link io.pinscope.model.AgentInfo}), Pinpoint's service types
 * ({@link io.pinscope.model.ServiceTypeRegistry}) and the values the views are built from: scatter dots,
 * response-time histograms, statistics keys, agent metric points and log records.
 *
 * <p>Every type here is immutable and non-null unless a component is marked {@code @Nullable}.
 * Times are epoch nanoseconds where OTel gives nanoseconds ({@code ...Nanos}) and epoch milliseconds
 * elsewhere ({@code ...Millis}).
 */
@NullMarked
package io.pinscope.model;

import org.jspecify.annotations.NullMarked;
