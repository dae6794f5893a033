/**
 * The OTLP receiver: Armeria gRPC and HTTP services for traces, metrics and logs
 * ({@link io.pinscope.receiver.OtlpReceiver}), the ingest pipeline that maps OTLP onto the Pinpoint model
 * and stores it ({@link io.pinscope.receiver.IngestPipeline}), and its configuration
 * ({@link io.pinscope.receiver.ReceiverConfig}).
 */
@NullMarked
package io.pinscope.receiver;

import org.jspecify.annotations.NullMarked;
