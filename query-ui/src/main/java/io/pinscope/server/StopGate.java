package io.pinscope.server;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pinscope.receiver.transport.OtlpRefusal;
import java.time.Duration;
import java.util.Set;

/**
 * Admission for a graceful stop, a decorator of every listener: it counts the requests being served and, once
 * {@link #stop()} was called, refuses new ones with 503 and {@code Retry-After: 1} (gRPC clients see
 * {@code UNAVAILABLE}: OTLP exporters retry, e.g. against another collector; OTLP requests are answered in
 * OTLP's own terms by {@link OtlpRefusal}, the others with a JSON error) so that those in flight can
 * finish ({@link #awaitIdle}). The probes ({@code /health}, {@code /ready}, {@code /metrics}) are neither
 * counted nor refused: a load balancer keeps seeing the process until it is gone.
 */
final class StopGate implements DecoratingHttpServiceFunction {
  static final Set<String> PROBES = Set.of("/health", "/ready", "/metrics");

  private final Object lock = new Object();
  private int inFlight;
  private boolean stopping;

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
    if (PROBES.contains(ctx.path())) {
      return delegate.serve(ctx, req);
    }
    synchronized (lock) {
      if (stopping) {
        HttpResponse otlp = OtlpRefusal.unavailable(req, ctx.path(), "server stopping", 1);
        if (otlp != null) {
          return otlp;
        }
        return HttpResponse.of(ResponseHeaders.builder(HttpStatus.SERVICE_UNAVAILABLE)
            .contentType(MediaType.JSON_UTF_8).set("retry-after", "1").build(),
            HttpData.ofUtf8("{\"error\":\"server stopping\"}"));
      }
      inFlight++;
    }
    // The log completes once the response was sent, or the request failed or was cut.
    ctx.log().whenComplete().thenRun(this::finished);
    return delegate.serve(ctx, req);
  }

  private void finished() {
    synchronized (lock) {
      inFlight--;
      if (inFlight == 0) {
        lock.notifyAll();
      }
    }
  }

  /** From now on, new requests are refused. */
  void stop() {
    synchronized (lock) {
      stopping = true;
    }
  }

  /** Whether {@link #stop()} was called. */
  boolean stopping() {
    synchronized (lock) {
      return stopping;
    }
  }

  /** The requests being served now. */
  int inFlight() {
    synchronized (lock) {
      return inFlight;
    }
  }

  /**
   * Waits until no request is in flight, at most {@code timeout}.
   *
   * @return the requests still in flight: 0 when all finished in time
   */
  int awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return inFlight;
    }
  }
}
