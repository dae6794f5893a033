package io.pinscope.receiver.benchmark;

import com.google.protobuf.InvalidProtocolBufferException;
import io.pinscope.receiver.ExportOutcome;
import io.pinscope.receiver.IngestPipeline;

/** What the transports run on an OTLP/protobuf traces body once it is read. */
final class IngestEntry {
  static int traces(IngestPipeline pipeline, byte[] body) {
    try {
      ExportOutcome outcome = pipeline.traces(body);
      return outcome.received() - outcome.rejected();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private IngestEntry() {}
}
