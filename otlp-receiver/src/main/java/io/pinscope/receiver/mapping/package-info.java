/**
 * OTLP protobuf messages to the Pinscope model: attributes, resource identity (application, agent,
 * service type), spans, metric points (cumulative sums turned into deltas) and log records.
 */
@NullMarked
package io.pinscope.receiver.mapping;

import org.jspecify.annotations.NullMarked;
