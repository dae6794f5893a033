/**
 * The OTLP transports: gRPC services and HTTP endpoints, body decoding (protobuf, JSON with hex ids,
 * bounded gzip), admission control and the mapping of outcomes to HTTP and gRPC statuses.
 *
 * <p>Admission happens before a body is read: a request is refused from its headers while the store is
 * known to refuse writes ({@link io.pinscope.receiver.transport.StorageFaults}) or when its
 * {@code Content-Length} does not fit the in-flight budget of the
 * {@link io.pinscope.receiver.transport.IngestExecutor}; bodies without a length (and gRPC messages, from
 * their frame header) reserve budget as they arrive and are cut off when it runs out. Every admitted byte
 * is counted in {@code pinscope_receiver_inflight_bytes} until its request ends, however it ends.
 *
 * <p>OTLP/gRPC trace exports in protobuf are served by a plain HTTP route that reads the length-prefixed
 * message itself ({@link io.pinscope.receiver.transport.GrpcTraceService}), so that they cost what OTLP/HTTP
 * costs; metrics, logs and the other gRPC formats go through Armeria's gRPC service.
 */
@NullMarked
package io.pinscope.receiver.transport;

import org.jspecify.annotations.NullMarked;
