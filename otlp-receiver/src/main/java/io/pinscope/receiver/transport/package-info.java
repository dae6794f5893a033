/**
 * The OTLP transports: gRPC services and HTTP endpoints, body decoding (protobuf, JSON with hex ids,
 * bounded gzip), admission control and the mapping of outcomes to HTTP and gRPC statuses.
 */
@NullMarked
package io.pinscope.receiver.transport;

import org.jspecify.annotations.NullMarked;
