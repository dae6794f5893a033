package io.pinscope.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.pinscope.model.TraceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With a deliberately tiny in-flight budget (one request at a time), no admission wait and a tiny queue,
 * concurrent exporters get 503 / UNAVAILABLE with a retry hint, retry, and in the end every sent span is
 * stored.
 */
class OtlpOverloadTest {
  private static final int SENDERS = 4;
  private static final int SPANS_PER_SENDER = 200;

  @Test
  void tinyBudget_exportersRetry_everySpanStored() throws Exception {
    ReceiverConfig config = ReceiverHarness.config().inFlightBudgetBytes(1).queueCapacity(1).workerThreads(1)
        .admissionWait(Duration.ZERO).build();
    try (ReceiverHarness harness = ReceiverHarness.memory(config)) {
      List<TraceId> sent = Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
      List<Future<Boolean>> flushed = new ArrayList<>();
      for (int i = 0; i < SENDERS; i++) {
        int sender = i;
        flushed.add(pool.submit(() -> send(harness, sender, sent)));
      }
      for (Future<Boolean> f : flushed) {
        assertThat(f.get(120, TimeUnit.SECONDS)).as("exporter flush succeeded").isTrue();
      }
      pool.shutdown();

      long overloaded = harness.metrics().counter("pinscope_receiver_requests_total",
          "signal", "traces", "transport", "http", "outcome", "overloaded")
          + harness.metrics().counter("pinscope_receiver_requests_total",
          "signal", "traces", "transport", "grpc", "outcome", "overloaded");
      assertThat(overloaded).as("requests refused for overload").isPositive();
      assertThat(sent).hasSize(SENDERS * SPANS_PER_SENDER);
      long stored = sent.stream().filter(t -> harness.storage().traces().find(t).spans().size() == 1).count();
      assertThat(stored).isEqualTo(SENDERS * SPANS_PER_SENDER);
    }
  }

  private static boolean send(ReceiverHarness harness, int sender, List<TraceId> sent) {
    // The SDK's most attempts (5) with a shorter first backoff than its default 1 s, so the test is quick;
    // the retry logic is the SDK's.
    RetryPolicy retry = RetryPolicy.builder().setMaxAttempts(5).setInitialBackoff(Duration.ofMillis(200))
        .setMaxBackoff(Duration.ofSeconds(2)).setBackoffMultiplier(2).build();
    SpanExporter exporter = sender % 2 == 0
        ? OtlpHttpSpanExporter.builder().setEndpoint(harness.endpoint() + "/v1/traces").setRetryPolicy(retry).build()
        : OtlpGrpcSpanExporter.builder().setEndpoint(harness.endpoint()).setRetryPolicy(retry).build();
    Resource resource = Resource.getDefault().merge(
        Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "load-" + sender)));
    SdkTracerProvider provider = SdkTracerProvider.builder().setResource(resource)
        .addSpanProcessor(BatchSpanProcessor.builder(exporter).setMaxExportBatchSize(20)
            .setScheduleDelay(Duration.ofMillis(5)).setMaxQueueSize(SPANS_PER_SENDER * 2).build())
        .build();
    try {
      for (int i = 0; i < SPANS_PER_SENDER; i++) {
        Span span = provider.get("load").spanBuilder("op-" + i).setSpanKind(SpanKind.SERVER).startSpan();
        sent.add(TraceId.fromHex(span.getSpanContext().getTraceId()));
        span.end();
      }
      return provider.forceFlush().join(90, TimeUnit.SECONDS).isSuccess();
    } finally {
      provider.close();
    }
  }
}
