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
 *       calling application); if that member has no {@code tx}, one is added.</li>
 *   <li>Every other sampled span gets {@code pp=app:<this application>;type:<code>;tx:<TxId>}, where the
 *       TxId is the parent's {@code tx} if it has one, a new {@code agentId^agentStartTime^seq} for a span
 *       without a parent, and otherwise one derived from the trace id
 *       ({@link TransactionIds#fromTraceId}).</li>
 * </ul>
 */
final class PinpointTraceStateSampler implements Sampler {
  private final Sampler delegate;
  private final Supplier<PinpointIdentity> identity;
  /** {@code app:<this application>;type:<code>;tx:}, computed on first use. */
  private volatile String ownEntryPrefix;

  PinpointTraceStateSampler(Sampler delegate, Supplier<PinpointIdentity> identity) {
    this.delegate = delegate;
    this.identity = identity;
  }

  @Override
  public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
      Attributes attributes, List<LinkData> parentLinks) {
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
      entry = PpEntry.withTransaction(callerEntry, TransactionIds.fromTraceId(traceId));
    } else {
      PinpointIdentity self = identity.get();
      if (parent.isValid() && !parent.isRemote() && callerEntry != null && callerEntry.startsWith(ownEntryPrefix(self))) {
        // A local child of a span that already carries this application's entry inherits it as it is: most
        // spans take this path, so it must not rebuild the trace state.
        return result;
      }
      if (tx == null) {
        tx = parent.isValid() ? TransactionIds.fromTraceId(traceId) : TransactionIds.next(self);
      }
      entry = PpEntry.format(self.applicationName, self.applicationType, tx, null);
    }
    TraceState updated = state.toBuilder().put(PpEntry.KEY, entry).build();
    return new Result(result, updated);
  }

  private String ownEntryPrefix(PinpointIdentity self) {
    String prefix = ownEntryPrefix;
    if (prefix == null) {
      prefix = PpEntry.format(self.applicationName, self.applicationType, null, null) + ";tx:";
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
