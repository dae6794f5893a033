package io.pinscope.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import io.pinscope.receiver.ReceiverMetrics;
import io.pinscope.server.health.Readiness;
import io.pinscope.server.health.ReadinessReport;
import io.pinscope.storage.Storage;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The query port's probes, in every role: {@code GET /health} (liveness: 200
 * {@code {"status":"UP","role":...,"storage":...}} while the process serves), {@code GET /ready} (readiness:
 * 200 {@code {"status":"READY","checks":{...}}} or 503 {@code {"status":"NOT_READY","reason":...,"checks":{...}}},
 * also while a graceful stop runs; the check runs on the blocking-task executor, as it reads the store) and {@code GET /metrics} (Prometheus text).
 */
final class Probes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Probes() {}

  static void configure(ServerBuilder sb, Role role, Storage storage, ReceiverMetrics metrics, Readiness readiness,
      StopGate gate) {
    sb.service("/health", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8,
        "{\"status\":\"UP\",\"role\":\"%s\",\"storage\":\"%s\"}", role.flag(), storage.store().engineName()));
    // The check reads the store (on HBase a read may block for seconds): never on the event loop.
    sb.service("/ready", (ctx, req) -> gate.stopping() ? ready(ReadinessReport.notReady("stopping", Map.of()))
        : HttpResponse.of(CompletableFuture.supplyAsync(() -> ready(readiness.check()), ctx.blockingTaskExecutor())));
    sb.service("/metrics", (ctx, req) -> HttpResponse.of(HttpStatus.OK,
        MediaType.parse("text/plain; version=0.0.4; charset=utf-8"), metrics.prometheusText()));
  }

  private static HttpResponse ready(ReadinessReport report) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", report.ready() ? "READY" : "NOT_READY");
    if (!report.ready()) {
      body.put("reason", report.reason());
    }
    body.put("checks", report.checks());
    try {
      return HttpResponse.of(report.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, MediaType.JSON_UTF_8,
          JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // maps of strings, numbers and booleans always serialize
    }
  }
}
