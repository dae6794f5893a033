package io.pinscope.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pinscope.receiver.transport.IngestExecutor;
import io.pinscope.receiver.transport.OtlpTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A body (HTTP) or decoded message (gRPC) waiting in the ingest queue holds its bytes of the in-flight
 * budget until its work ends, even when its request timed out meanwhile; the work is then skipped at
 * dequeue (counted as {@code timeout} or {@code aborted}, not stored). One worker is blocked by the first request; four more
 * time out in the queue.
 */
class OtlpQueuedBudgetTest {
  private static final int REQUESTS = 5;

  private final CountDownLatch gate = new CountDownLatch(1);
  private final AtomicInteger stored = new AtomicInteger();
  private final IngestPipeline blocking = new IngestPipeline() {
    @Override
    public ExportOutcome traces(ExportTraceServiceRequest r) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      stored.incrementAndGet();
      return new ExportOutcome(1, 0, "");
    }

    @Override
    public ExportOutcome metrics(ExportMetricsServiceRequest r) {
      return new ExportOutcome(0, 0, "");
    }

    @Override
    public ExportOutcome logs(ExportLogsServiceRequest r) {
      return new ExportOutcome(0, 0, "");
    }
  };

  private static ExportTraceServiceRequest oneMiB() {
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder().setName("x".repeat(1 << 20))
            .setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[8])))))
        .build();
  }

  @Test
  void http_queuedBodyHoldsItsBytesAfterItsRequestTimedOut_andIsNotStored() throws Exception {
    run("http", (endpoint, request) -> WebClient.builder(endpoint).responseTimeout(Duration.ofSeconds(60)).build()
        .prepare().post("/v1/traces").content(MediaType.create("application", "x-protobuf"), request.toByteArray())
        .execute().aggregate().thenApply(r -> null));
  }

  @Test
  void grpc_queuedMessageHoldsItsBytesAfterItsCallTimedOut_andIsNotStored() throws Exception {
    run("grpc", (endpoint, request) -> {
      CompletableFuture<Void> answered = new CompletableFuture<>();
      TraceServiceGrpc.TraceServiceStub stub = GrpcClients.builder(endpoint).responseTimeout(Duration.ofSeconds(5))
          .maxRequestMessageLength(8 << 20).build(TraceServiceGrpc.TraceServiceStub.class);
      stub.export(request, new StreamObserver<>() {
        @Override
        public void onNext(ExportTraceServiceResponse value) {}

        @Override
        public void onError(Throwable t) {
          answered.complete(null); // the call times out on the server
        }

        @Override
        public void onCompleted() {
          answered.complete(null);
        }
      });
      return answered;
    });
  }

  private static long outcome(ReceiverMetrics metrics, String transport, String outcome) {
    return metrics.counter("pinscope_receiver_requests_total", "signal", "traces", "transport", transport,
        "outcome", outcome);
  }

  private interface Sender {
    CompletableFuture<?> send(String endpoint, ExportTraceServiceRequest request);
  }

  private void run(String transport, Sender sender) throws Exception {
    ReceiverMetrics metrics = new ReceiverMetrics();
    IngestExecutor executor = new IngestExecutor(1, 100, 10L << 20, 1);
    ServerBuilder sb = Server.builder().port(new InetSocketAddress("127.0.0.1", 0), SessionProtocol.HTTP);
    OtlpTransport.configure(sb, ReceiverHarness.config().requestTimeout(Duration.ofSeconds(1)).build(), blocking,
        executor, metrics);
    List<ServiceRequestContext> contexts = new CopyOnWriteArrayList<>();
    sb.decorator((delegate, ctx, req) -> {
      contexts.add(ctx);
      return delegate.serve(ctx, req);
    });
    Server server = sb.build();
    server.start().join();
    try {
      ExportTraceServiceRequest request = oneMiB();
      String endpoint = "http://127.0.0.1:" + server.activeLocalPort();
      List<CompletableFuture<?>> answers = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        answers.add(sender.send(endpoint, request).exceptionally(e -> null));
      }
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
      Poll.until("every request seen by the server", () -> contexts.size() == REQUESTS);
      for (ServiceRequestContext ctx : contexts) {
        ctx.log().whenComplete().join();
        // Whatever the request's end runs on its event loop has run once a later task there has.
        ctx.eventLoop().submit(() -> { }).get();
      }

      assertThat(executor.queueDepth()).as("requests waiting behind the blocked one").isEqualTo(REQUESTS - 1);
      assertThat(executor.inFlightBytes()).as("bytes of the running and the queued requests")
          .isGreaterThanOrEqualTo((long) request.getSerializedSize() * REQUESTS);

      gate.countDown();
      Poll.until("every byte given back", () -> executor.inFlightBytes() == 0);
      // gRPC may see the cancelled call as aborted rather than timed out; either way it is not stored.
      Poll.until("the skipped requests counted", () -> outcome(metrics, transport, "timeout")
          + outcome(metrics, transport, "aborted") == REQUESTS - 1);
      assertThat(outcome(metrics, transport, "ok")).isEqualTo(1);
      assertThat(stored.get()).as("only the request that was running when it timed out").isEqualTo(1);
    } finally {
      gate.countDown();
      server.stop().join();
      executor.close();
    }
  }
}
