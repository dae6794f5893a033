/**
 * OTLP protobuf messages (spans, metrics, logs) to the Pinscope model. Starting points:
 * <ul>
 *   <li>{@link io.pinscope.receiver.mapping.ResourceIdentity}: application, agent and service type of a
 *       resource;
 *   <li>{@link io.pinscope.receiver.mapping.SpanMapper}: trace requests to stored spans, decoded as a stream from
 *       their protobuf bytes (the ingest hot path), without protobuf-java's objects;
 *   <li>{@link io.pinscope.receiver.mapping.MetricMapper}: metrics to per-agent metric points, cumulative
 *       data turned into deltas by {@link io.pinscope.receiver.mapping.CumulativeToDelta};
 *   <li>{@link io.pinscope.receiver.mapping.LogMapper}: log records, correlated with their trace;
 *   <li>{@link io.pinscope.receiver.mapping.ProtoAttributes}: attributes and values of metrics and logs, every
 *       type kept.
 * </ul>
 * Mappers reject faulty items one by one with a reason, for the export response's partial_success.
 */
@NullMarked
package io.pinscope.receiver.mapping;

import org.jspecify.annotations.NullMarked;
