package io.pinscope.otel.extension;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Pinpoint's HTTP headers, beside W3C trace context (list it after {@code tracecontext}).
 *
 * <p>Inject writes, for a sampled span: {@code Pinpoint-TraceID} (the TxId from the {@code pp} tracestate
 * member, else one derived from the trace id), {@code Pinpoint-SpanID} (the current span id as a signed
 * decimal long), {@code Pinpoint-pSpanID} (this process's entry span id, same form), {@code Pinpoint-Sampled:
 * s1}, {@code Pinpoint-Flags: 0}, {@code Pinpoint-pAppName}, {@code Pinpoint-pAppType}, {@code
 * Pinpoint-pAppNamespace} when a namespace is configured ({@code pinpoint.application.namespace}), and {@code
 * Pinpoint-Host}: the {@code host[:port]} the caller used to reach the callee, which Pinpoint records as the
 * callee's acceptor host. The host comes from the current span's {@code server.address}/{@code server.port}
 * (older conventions: {@code net.peer.name}/{@code net.peer.port}), which the agent's HTTP client
 * instrumentation sets before it injects; without an SDK span or without an address the header is left out.
 * For an unsampled span inject writes only {@code Pinpoint-Sampled: s0}, as a Pinpoint agent does.
 *
 * <p>Extract acts only when the carrier has no valid {@code traceparent} and the context no remote span (one that an
 * earlier propagator extracted): a
 * complete Pinpoint header set (TraceID, SpanID and pSpanID) continues that transaction under a trace id
 * hashed from the TxId, with Pinpoint-SpanID as the remote parent and tracestate
 * {@code pp=app:<pAppName>;type:<pAppType>;tx:<TxId>;ps:<pSpanID>}; an incomplete or malformed set starts a
 * new trace, except that {@code Pinpoint-Sampled: s0} alone still means "do not sample". The received TxId is
 * passed on unchanged (it names the agent that started the transaction), whatever its agent id.
 *
 * <p>Namespaces, as a Pinpoint agent checks them: a request whose {@code Pinpoint-pAppNamespace} differs from
 * the configured namespace comes from another Pinpoint installation, and starts a new trace instead of
 * continuing its TxId ({@code Pinpoint-Sampled: s0} is still obeyed). A request without the header is
 * continued (callers that set no namespace send none), and so is every request when no namespace is
 * configured here: the check is opt-in on the callee's side too.
 */
final class PinpointPropagator implements TextMapPropagator {
  private static final Logger logger = Logger.getLogger(PinpointPropagator.class.getName());

  static final String TRACE_ID = "Pinpoint-TraceID";
  static final String SPAN_ID = "Pinpoint-SpanID";
  static final String PARENT_SPAN_ID = "Pinpoint-pSpanID";
  static final String SAMPLED = "Pinpoint-Sampled";
  static final String FLAGS = "Pinpoint-Flags";
  static final String PARENT_APPLICATION_NAME = "Pinpoint-pAppName";
  static final String PARENT_APPLICATION_TYPE = "Pinpoint-pAppType";
  static final String PARENT_APPLICATION_NAMESPACE = "Pinpoint-pAppNamespace";
  static final String HOST = "Pinpoint-Host";
  static final String NOT_SAMPLED = "s0";
  static final String SAMPLED_VALUE = "s1";
  private static final Collection<String> FIELDS = Collections.unmodifiableList(Arrays.asList(
      TRACE_ID, SPAN_ID, PARENT_SPAN_ID, SAMPLED, FLAGS, PARENT_APPLICATION_NAME, PARENT_APPLICATION_TYPE,
      PARENT_APPLICATION_NAMESPACE, HOST));
  private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<String> NET_PEER_NAME = AttributeKey.stringKey("net.peer.name");
  private static final AttributeKey<Long> NET_PEER_PORT = AttributeKey.longKey("net.peer.port");
  /** Pinpoint's "no span" id; a Pinpoint-SpanID of 0 (invalid in OTel) is replaced by a hash. */
  private static final long PINPOINT_NULL_SPAN_ID = -1L;
  /** Ids for the remote parent of an unsampled Pinpoint caller; not the SDK's generator, so no sampler reads it. */
  private static final PinscopeIdGenerator IDS = new PinscopeIdGenerator();

  private final Supplier<PinpointIdentity> identity;
  /** This installation's namespace ({@code pinpoint.application.namespace}), or null. */
  private final String namespace;

  PinpointPropagator(Supplier<PinpointIdentity> identity, String namespace) {
    this.identity = identity;
    this.namespace = trim(namespace);
  }

  PinpointPropagator(Supplier<PinpointIdentity> identity) {
    this(identity, null);
  }

  @Override
  public Collection<String> fields() {
    return FIELDS;
  }

  @Override
  public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    if (context == null || setter == null) {
      return;
    }
    Span current = Span.fromContext(context);
    SpanContext span = current.getSpanContext();
    if (!span.isValid()) {
      return;
    }
    if (!span.isSampled()) {
      setter.set(carrier, SAMPLED, NOT_SAMPLED);
      return;
    }
    String tx = PpEntry.get(span.getTraceState(), "tx");
    if (tx == null) {
      tx = TransactionIds.fromTraceId(span.getTraceId());
    }
    String root = EntrySpanTracker.localRootOf(span.getSpanId());
    PinpointIdentity self = identity.get();
    setter.set(carrier, TRACE_ID, tx);
    setter.set(carrier, SPAN_ID, Long.toString(toLong(span.getSpanId())));
    setter.set(carrier, PARENT_SPAN_ID, Long.toString(toLong(root != null ? root : span.getSpanId())));
    setter.set(carrier, SAMPLED, SAMPLED_VALUE);
    setter.set(carrier, FLAGS, "0");
    setter.set(carrier, PARENT_APPLICATION_NAME, self.applicationName);
    setter.set(carrier, PARENT_APPLICATION_TYPE, Integer.toString(self.applicationType));
    if (namespace != null) {
      setter.set(carrier, PARENT_APPLICATION_NAMESPACE, namespace);
    }
    String host = peerAddress(current);
    if (host != null) {
      setter.set(carrier, HOST, host);
    }
  }

  /**
   * The {@code host[:port]} that {@code span} (the HTTP client span being propagated) calls, from its
   * attributes; null when it is no SDK span or names no address. An IPv6 literal is put in brackets.
   */
  static String peerAddress(Span span) {
    if (!(span instanceof ReadableSpan)) {
      return null;
    }
    ReadableSpan readable = (ReadableSpan) span;
    String host = trim(readable.getAttribute(SERVER_ADDRESS));
    Long port = readable.getAttribute(SERVER_PORT);
    if (host == null) {
      host = trim(readable.getAttribute(NET_PEER_NAME));
      port = readable.getAttribute(NET_PEER_PORT);
    }
    if (host == null) {
      return null;
    }
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = '[' + host + ']';
    }
    return port != null && port > 0 && port <= 65535 ? host + ':' + port : host;
  }

  @Override
  public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
    if (context == null) {
      context = Context.root();
    }
    SpanContext extracted = Span.fromContext(context).getSpanContext();
    if (getter == null || (extracted.isValid() && extracted.isRemote()) || hasTraceparent(carrier, getter)) {
      return context;
    }
    String tx = trim(getter.get(carrier, TRACE_ID));
    boolean sampled = !NOT_SAMPLED.equals(trim(getter.get(carrier, SAMPLED)));
    if (tx == null) {
      return newTrace(context, sampled);
    }
    String callerNamespace = trim(getter.get(carrier, PARENT_APPLICATION_NAMESPACE));
    if (namespace != null && callerNamespace != null && !namespace.equals(callerNamespace)) {
      logger.log(Level.FINE, "Pinpoint-pAppNamespace {0} is not this namespace ({1}); starting a new trace",
          new Object[] {callerNamespace, namespace});
      return newTrace(context, sampled);
    }
    String spanIdText = trim(getter.get(carrier, SPAN_ID));
    String pSpanIdText = trim(getter.get(carrier, PARENT_SPAN_ID));
    if (!TransactionIds.isValid(tx) || spanIdText == null || pSpanIdText == null) {
      logger.log(Level.FINE, "incomplete Pinpoint headers (TraceID {0}); starting a new trace", tx);
      return context;
    }
    long spanId;
    long pSpanId;
    try {
      spanId = Long.parseLong(spanIdText);
      pSpanId = Long.parseLong(pSpanIdText);
    } catch (NumberFormatException e) {
      logger.log(Level.FINE, "malformed Pinpoint span ids; starting a new trace", e);
      return context;
    }
    if (spanId == 0) {
      spanId = nonZeroHash(tx + '^' + pSpanId);
    }
    String appType = trim(getter.get(carrier, PARENT_APPLICATION_TYPE));
    Integer type = null;
    if (appType != null) {
      try {
        type = Integer.valueOf(appType);
      } catch (NumberFormatException e) {
        logger.log(Level.FINE, "ignoring Pinpoint-pAppType {0}", appType);
      }
    }
    String appName = trim(getter.get(carrier, PARENT_APPLICATION_NAME));
    String entry = PpEntry.with(PpEntry.format(appName, type, tx), "ps", Long.toString(pSpanId));
    TraceState state = TraceState.builder().put(PpEntry.KEY, entry).build();
    SpanContext remote = SpanContext.createFromRemoteParent(TransactionIds.toTraceId(tx), SpanId.fromLong(spanId),
        sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), state);
    return context.with(Span.wrap(remote));
  }

  private static <C> boolean hasTraceparent(C carrier, TextMapGetter<C> getter) {
    if (getter.get(carrier, "traceparent") == null) {
      return false;
    }
    Context w3c = W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, getter);
    return Span.fromContext(w3c).getSpanContext().isValid();
  }

  /** {@code context} unchanged, or, when the caller is not sampling, with an unsampled remote parent. */
  private static Context newTrace(Context context, boolean sampled) {
    return sampled ? context : context.with(Span.wrap(unsampledRemoteParent()));
  }

  /** A caller that is not sampling sent only {@code Pinpoint-Sampled: s0}: continue as not sampled. */
  private static SpanContext unsampledRemoteParent() {
    return SpanContext.createFromRemoteParent(IDS.generateTraceId(), IDS.generateSpanId(), TraceFlags.getDefault(),
        TraceState.getDefault());
  }

  static long toLong(String spanIdHex) {
    return Long.parseUnsignedLong(spanIdHex, 16);
  }

  private static long nonZeroHash(String text) {
    byte[] digest = PinpointIdentity.sha256(text);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (digest[i] & 0xff);
    }
    return value == 0 || value == PINPOINT_NULL_SPAN_ID ? 1 : value;
  }

  private static String trim(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    return trimmed.isEmpty() ? null : trimmed;
  }

  @Override
  public String toString() {
    return "PinpointPropagator";
  }
}
