package io.pinscope.otel.extension;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.function.Supplier;

/**
 * Wraps the configured sampler and writes the {@code pp} tracestate member on the spans it samples.
 *
 * <ul>
 *   <li>A SERVER or CONSUMER span with a remote parent keeps the caller's {@code pp} member (it names the
 *       calling application) where it is; if that member has no {@code tx}, one is added.</li>
 *   <li>A CLIENT or PRODUCER span gets
 *       {@code pp=app:<this application>;type:<code>;tx:<TxId>;sid:<its own span id>}: {@code sid} lets the
 *       receiver tell this entry from one that SDKs without this extension passed along unchanged.</li>
 *   <li>Every other span inherits the entry of a local parent that already names this application, and
 *       otherwise gets {@code pp=app:<this application>;type:<code>;tx:<TxId>}.</li>
 * </ul>
 *
 * <p>The TxId is the parent's {@code tx} if it has one, a new {@code agentId^agentStartTime^seq} for a span
 * without a parent, and otherwise one derived from the trace id ({@link TransactionIds#fromTraceId}).
 * Whenever the member is written or changed it becomes the left-most one, as W3C trace context requires
 * ({@link PpEntry#putLeftmost}). Spans that are not sampled keep their parent's trace state untouched.
 *
 * <p>The span id comes from {@code spanIds}: it answers the id of the span being sampled, or null when it
 * does not know it — then the entry has no {@code sid}. With {@link PinscopeIdGenerator#takeLastSpanId()}
 * that happens when another id generator replaced the one installed beside this sampler.
 */
final class PinpointTraceStateSampler implements Sampler {
  private final Sampler delegate;
  private final Supplier<PinpointIdentity> identity;
  private final Supplier<String> spanIds;
  /** {@code app:<this application>;type:<code>;tx:}, computed on first use. */
  private volatile String ownEntryPrefix;

  PinpointTraceStateSampler(Sampler delegate, Supplier<PinpointIdentity> identity, Supplier<String> spanIds) {
    this.delegate = delegate;
    this.identity = identity;
    this.spanIds = spanIds;
  }

  @Override
  public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
      Attributes attributes, List<LinkData> parentLinks) {
    // Taken first and for every span, sampled or not: that way the id is this span's, never one left over
    // from an earlier span, even if the delegate started spans of its own.
    String spanId = spanIds.get();
    SamplingResult result = delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    if (result.getDecision() != SamplingDecision.RECORD_AND_SAMPLE) {
      return result;
    }
    SpanContext parent = Span.fromContext(parentContext).getSpanContext();
    TraceState state = result.getUpdatedTraceState(parent.isValid() ? parent.getTraceState() : TraceState.getDefault());
    String callerEntry = state.get(PpEntry.KEY);
    String tx = PpEntry.get(callerEntry, "tx");
    String entry;
    if (parent.isValid() && parent.isRemote() && (spanKind == SpanKind.SERVER || spanKind == SpanKind.CONSUMER)) {
      if (tx != null) {
        return result;
      }
      entry = PpEntry.with(callerEntry, "tx", TransactionIds.fromTraceId(traceId));
    } else {
      PinpointIdentity self = identity.get();
      boolean outgoing = spanKind == SpanKind.CLIENT || spanKind == SpanKind.PRODUCER;
      if (!outgoing && parent.isValid() && !parent.isRemote() && callerEntry != null
          && callerEntry.startsWith(ownEntryPrefix(self))) {
        // A local child of a span that already carries this application's entry inherits it as it is: most
        // spans take this path, so it must not rebuild the trace state. Calls out always write their own
        // entry, since only an entry with their own sid is recognisably fresh at the receiver.
        return result;
      }
      if (tx == null) {
        tx = parent.isValid() ? TransactionIds.fromTraceId(traceId) : TransactionIds.next(self);
      }
      entry = PpEntry.format(self.applicationName, self.applicationType, tx);
      if (outgoing) {
        entry = PpEntry.with(entry, "sid", spanId);
      }
    }
    return new Result(result, PpEntry.putLeftmost(state, entry));
  }

  private String ownEntryPrefix(PinpointIdentity self) {
    String prefix = ownEntryPrefix;
    if (prefix == null) {
      prefix = PpEntry.format(self.applicationName, self.applicationType, null) + ";tx:";
      ownEntryPrefix = prefix;
    }
    return prefix;
  }

  @Override
  public String getDescription() {
    return "PinpointTraceState{" + delegate.getDescription() + "}";
  }

  @Override
  public String toString() {
    return getDescription();
  }

  private static final class Result implements SamplingResult {
    private final SamplingResult delegate;
    private final TraceState traceState;

    Result(SamplingResult delegate, TraceState traceState) {
      this.delegate = delegate;
      this.traceState = traceState;
    }

    @Override
    public SamplingDecision getDecision() {
      return delegate.getDecision();
    }

    @Override
    public Attributes getAttributes() {
      return delegate.getAttributes();
    }

    @Override
    public TraceState getUpdatedTraceState(TraceState parentTraceState) {
      return traceState;
    }
  }
}
