package io.pinscope.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.pinscope.receiver.transport.IngestExecutor;
import io.pinscope.receiver.transport.OtlpTransport;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * While the only admission slot is taken, OTLP/HTTP answers 503 with {@code Retry-After} and OTLP/gRPC
 * answers UNAVAILABLE with a {@code RetryInfo} detail; the request holding the slot still succeeds.
 */
class OtlpBackpressureTest {
  @Test
  void busy_answers503WithRetryAfter_andUnavailableWithRetryInfo() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    IngestPipeline blocking = new IngestPipeline() {
      @Override
      public ExportOutcome traces(ExportTraceServiceRequest request) {
        entered.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new ExportOutcome(0, 0, "");
      }

      @Override
      public ExportOutcome metrics(ExportMetricsServiceRequest request) {
        return new ExportOutcome(0, 0, "");
      }

      @Override
      public ExportOutcome logs(ExportLogsServiceRequest request) {
        return new ExportOutcome(0, 0, "");
      }
    };
    ReceiverConfig config = ReceiverHarness.config().retryAfterSeconds(7).build();
    ReceiverMetrics metrics = new ReceiverMetrics();
    try (IngestExecutor executor = new IngestExecutor(1, 1, 1, config.retryAfterSeconds())) {
      ServerBuilder sb = Server.builder().port(new InetSocketAddress("127.0.0.1", 0), SessionProtocol.HTTP);
      OtlpTransport.configure(sb, config, blocking, executor, metrics);
      Server server = sb.build();
      server.start().join();
      try {
        String endpoint = "http://127.0.0.1:" + server.activeLocalPort();
        WebClient client = WebClient.of(endpoint);
        MediaType protobuf = MediaType.create("application", "x-protobuf");
        byte[] body = ExportTraceServiceRequest.getDefaultInstance().toByteArray();
        CompletableFuture<AggregatedHttpResponse> holder =
            client.prepare().post("/v1/traces").content(protobuf, new byte[] {0x0A, 0x00}).execute().aggregate();
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        AggregatedHttpResponse busy = client.prepare().post("/v1/traces").content(protobuf, body).execute()
            .aggregate().join();
        assertThat(busy.status().code()).isEqualTo(503);
        assertThat(busy.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("7");
        assertThat(Status.parseFrom(busy.content().array()).getMessage()).contains("receiver busy");

        TraceServiceGrpc.TraceServiceBlockingStub stub =
            GrpcClients.newClient(endpoint, TraceServiceGrpc.TraceServiceBlockingStub.class);
        StatusRuntimeException unavailable = null;
        try {
          stub.export(ExportTraceServiceRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
          unavailable = e;
        }
        assertThat(unavailable).isNotNull();
        assertThat(unavailable.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
        Status details = StatusProto.fromThrowable(unavailable);
        assertThat(details).isNotNull();
        assertThat(details.getDetailsList()).anySatisfy(any -> {
          assertThat(any.is(RetryInfo.class)).isTrue();
          assertThat(unpack(any).getRetryDelay().getSeconds()).isEqualTo(7);
        });

        release.countDown();
        assertThat(holder.get(10, TimeUnit.SECONDS).status().code()).isEqualTo(200);
      } finally {
        release.countDown();
        server.stop().join();
      }
    }
  }

  private static RetryInfo unpack(Any any) {
    try {
      return any.unpack(RetryInfo.class);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
