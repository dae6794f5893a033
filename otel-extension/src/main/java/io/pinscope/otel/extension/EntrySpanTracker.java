package io.pinscope.otel.extension;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Follows the spans in flight. For every recording span it remembers the id of its local root (the entry
 * span of this process) so the propagator can send it as {@code Pinpoint-pSpanID}; for entry spans (SERVER,
 * CONSUMER) it keeps the start time and reports how many are in progress, by elapsed band, as the gauge
 * {@code pinpoint.active_requests} (Pinpoint's active-thread view).
 */
final class EntrySpanTracker implements SpanProcessor {
  private static final Logger logger = Logger.getLogger(EntrySpanTracker.class.getName());

  static final String METER_NAME = "io.pinscope.otel.extension";
  static final String GAUGE_NAME = "pinpoint.active_requests";
  static final AttributeKey<String> BAND = AttributeKey.stringKey("band");
  private static final Attributes[] BANDS = {
      Attributes.of(BAND, "fast"), Attributes.of(BAND, "normal"), Attributes.of(BAND, "slow"),
      Attributes.of(BAND, "very_slow")};
  private static final long[] BAND_LIMITS_MS = {1000, 3000, 5000};
  /** A bound on both maps so spans that are never ended cannot exhaust the heap. */
  static final int MAX_TRACKED = 100_000;

  /** Span id → local root span id, for spans in flight in any tracer provider of this class loader. */
  private static final Map<String, String> LOCAL_ROOTS = new ConcurrentHashMap<>();

  private final Map<String, Long> entryStartNanos = new ConcurrentHashMap<>();
  private final AtomicBoolean gaugeRegistered = new AtomicBoolean();
  private final AtomicBoolean overflowLogged = new AtomicBoolean();

  /** The id of the entry span of this process that {@code spanId} descends from, or null if unknown. */
  static String localRootOf(String spanId) {
    return LOCAL_ROOTS.get(spanId);
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    registerGaugeOnce();
    String spanId = span.getSpanContext().getSpanId();
    SpanContext parent = Span.fromContext(parentContext).getSpanContext();
    String root = null;
    if (parent.isValid() && !parent.isRemote()) {
      root = LOCAL_ROOTS.get(parent.getSpanId());
    }
    if (root == null) {
      root = spanId;
    }
    if (LOCAL_ROOTS.size() < MAX_TRACKED) {
      LOCAL_ROOTS.put(spanId, root);
    } else {
      logOverflow();
    }
    if (span.getKind() == SpanKind.SERVER || span.getKind() == SpanKind.CONSUMER) {
      if (entryStartNanos.size() < MAX_TRACKED) {
        entryStartNanos.put(spanId, System.nanoTime());
      } else {
        logOverflow();
      }
    }
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    String spanId = span.getSpanContext().getSpanId();
    LOCAL_ROOTS.remove(spanId);
    entryStartNanos.remove(spanId);
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /** Counts of entry spans in progress per band: fast ≤1 s, normal ≤3 s, slow ≤5 s, very_slow beyond. */
  long[] activeCounts(long nowNanos) {
    long[] counts = new long[BANDS.length];
    for (Long start : entryStartNanos.values()) {
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(nowNanos - start);
      int band = 0;
      while (band < BAND_LIMITS_MS.length && elapsedMs > BAND_LIMITS_MS[band]) {
        band++;
      }
      counts[band]++;
    }
    return counts;
  }

  void observe(ObservableLongMeasurement measurement) {
    long[] counts = activeCounts(System.nanoTime());
    for (int i = 0; i < counts.length; i++) {
      measurement.record(counts[i], BANDS[i]);
    }
  }

  /**
   * The tracer provider is built before the meter provider is reachable, so the gauge is registered with
   * the global OpenTelemetry (the agent's SDK) once that is set — at the latest when the first span starts.
   */
  private void registerGaugeOnce() {
    if (gaugeRegistered.get() || !GlobalOpenTelemetry.isSet()) {
      return;
    }
    if (gaugeRegistered.compareAndSet(false, true)) {
      registerGauge(GlobalOpenTelemetry.getMeter(METER_NAME));
    }
  }

  void registerGauge(Meter meter) {
    meter.gaugeBuilder(GAUGE_NAME)
        .setDescription("Requests (SERVER and CONSUMER spans) in progress, by elapsed time band")
        .setUnit("{request}")
        .ofLongs()
        .buildWithCallback(this::observe);
  }

  private void logOverflow() {
    if (overflowLogged.compareAndSet(false, true)) {
      logger.log(Level.WARNING, "more than {0} spans in flight; spans beyond that are not tracked", MAX_TRACKED);
    }
  }
}
