package io.pinscope.compat.loadgen;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends realistic OTLP trace requests to a running Pinscope as fast as it acknowledges them, with a fixed
 * number of requests in flight, and reports acknowledged spans/s, acknowledgement latency (p50, p99, max),
 * refusals (503 / UNAVAILABLE, retried after a pause like an OTel exporter, up to 5 attempts) and drops
 * (requests still refused after the last attempt, or failed otherwise). Requests are built before the clock
 * starts.
 *
 * <p>Usage: {@code java -jar pinscope-loadgen.jar [--endpoint http://127.0.0.1:4318] [--protocol http|grpc]
 * [--spans 1000000] [--batch 500] [--concurrency 8]}
 */
public final class OtlpLoadGenerator {
  private static final int ATTEMPTS = 5;

  public static void main(String[] args) throws Exception {
    Map<String, String> o = parse(args);
    String endpoint = o.getOrDefault("endpoint", "http://127.0.0.1:4318");
    String protocol = o.getOrDefault("protocol", "http");
    int spans = Integer.parseInt(o.getOrDefault("spans", "1000000"));
    int batch = Integer.parseInt(o.getOrDefault("batch", "500"));
    int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "8"));
    if (!protocol.equals("http") && !protocol.equals("grpc")) {
      throw new IllegalArgumentException("protocol: " + protocol + " (expected: http or grpc)");
    }

    OtlpTraffic traffic = new OtlpTraffic(7, 8);
    List<ExportTraceServiceRequest> requests = new ArrayList<>();
    List<byte[]> bodies = new ArrayList<>();
    long now = System.currentTimeMillis() * 1_000_000L;
    for (int sent = 0; sent < spans; sent += batch) {
      ExportTraceServiceRequest r = traffic.request(batch, now);
      requests.add(r);
      bodies.add(r.toByteArray());
    }
    int spansPerRequest = requests.get(0).getResourceSpans(0).getScopeSpansList().stream()
        .mapToInt(s -> s.getSpansCount()).sum();
    System.out.printf(Locale.ROOT, "%d requests of %d spans (%.0f bytes each) over %s to %s, %d in flight%n",
        requests.size(), spansPerRequest, bodies.stream().mapToInt(b -> b.length).average().orElse(0),
        protocol, endpoint, concurrency);

    Sender sender = protocol.equals("http") ? new HttpSender(endpoint) : new GrpcSender(endpoint);
    long[] latencies = new long[requests.size()];
    AtomicLong refused = new AtomicLong();
    AtomicLong dropped = new AtomicLong();
    AtomicLong acked = new AtomicLong();
    Semaphore inFlight = new Semaphore(concurrency);
    List<CompletableFuture<Void>> all = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < requests.size(); i++) {
      inFlight.acquire();
      int index = i;
      CompletableFuture<Void> done = attempt(sender, requests.get(i), bodies.get(i), 1, refused)
          .handle((latency, error) -> {
            if (error == null && latency >= 0) {
              latencies[index] = latency;
              acked.addAndGet(spansPerRequest);
            } else {
              latencies[index] = -1;
              dropped.addAndGet(spansPerRequest);
            }
            inFlight.release();
            return null;
          });
      all.add(done);
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
    System.out.printf(Locale.ROOT, "acknowledged %,d spans in %.2f s: %,.0f spans/s%n", acked.get(), seconds,
        acked.get() / seconds);
    if (ok.length > 0) {
      System.out.printf(Locale.ROOT, "ack latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          ok[ok.length / 2] / 1e6, ok[(int) Math.min(ok.length - 1, Math.ceil(ok.length * 0.99) - 1)] / 1e6,
          ok[ok.length - 1] / 1e6);
    }
    System.out.printf(Locale.ROOT, "refused attempts (503/UNAVAILABLE, retried): %d; dropped spans: %d%n",
        refused.get(), dropped.get());
    System.exit(dropped.get() == 0 ? 0 : 1);
  }

  /** Latency in ns of the successful attempt; -1 when every attempt was refused. */
  private static CompletableFuture<Long> attempt(Sender sender, ExportTraceServiceRequest request, byte[] body,
      int attempt, AtomicLong refused) {
    long t0 = System.nanoTime();
    return sender.send(request, body).thenCompose(accepted -> {
      if (accepted) {
        return CompletableFuture.completedFuture(System.nanoTime() - t0);
      }
      refused.incrementAndGet();
      if (attempt >= ATTEMPTS) {
        return CompletableFuture.completedFuture(-1L);
      }
      long pauseMillis = (long) (100 * Math.pow(2, attempt - 1));
      return CompletableFuture.supplyAsync(() -> null,
              CompletableFuture.delayedExecutor(pauseMillis, java.util.concurrent.TimeUnit.MILLISECONDS))
          .thenCompose(x -> attempt(sender, request, body, attempt + 1, refused));
    });
  }

  /** Sends one request; completes with true when acknowledged, false when refused as overloaded. */
  private interface Sender {
    CompletableFuture<Boolean> send(ExportTraceServiceRequest request, byte[] body);
  }

  private static final class HttpSender implements Sender {
    private final WebClient client;

    HttpSender(String endpoint) {
      client = WebClient.builder(endpoint).responseTimeout(Duration.ofSeconds(60)).build();
    }

    @Override
    public CompletableFuture<Boolean> send(ExportTraceServiceRequest request, byte[] body) {
      RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, "/v1/traces")
          .contentType(MediaType.create("application", "x-protobuf")).build();
      return client.execute(HttpRequest.of(headers, HttpData.wrap(body))).aggregate().thenApply(r -> check(r));
    }

    private static boolean check(AggregatedHttpResponse r) {
      int code = r.status().code();
      if (code == 200) {
        return true;
      }
      if (code == 503 || code == 429) {
        return false;
      }
      throw new IllegalStateException("HTTP " + code + ": " + r.contentUtf8());
    }
  }

  /**
   * OTLP/gRPC over HTTP/2 with the request bytes framed by hand, so the generator does not spend the
   * shared CPU re-serialising messages: a 5-byte gRPC frame header, then the protobuf bytes.
   */
  private static final class GrpcSender implements Sender {
    private final WebClient client;

    GrpcSender(String endpoint) {
      client = WebClient.builder(endpoint.replaceFirst("^http://", "h2c://"))
          .responseTimeout(Duration.ofSeconds(60)).build();
    }

    @Override
    public CompletableFuture<Boolean> send(ExportTraceServiceRequest request, byte[] body) {
      RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST,
              "/opentelemetry.proto.collector.trace.v1.TraceService/Export")
          .contentType(MediaType.create("application", "grpc+proto")).add("te", "trailers").build();
      byte[] framed = new byte[body.length + 5];
      framed[1] = (byte) (body.length >>> 24);
      framed[2] = (byte) (body.length >>> 16);
      framed[3] = (byte) (body.length >>> 8);
      framed[4] = (byte) body.length;
      System.arraycopy(body, 0, framed, 5, body.length);
      return client.execute(HttpRequest.of(headers, HttpData.wrap(framed))).aggregate().thenApply(r -> {
        String status = r.trailers().get("grpc-status", r.headers().get("grpc-status", ""));
        if (status.equals("0")) {
          return true;
        }
        if (status.equals("14")) {
          return false;
        }
        throw new IllegalStateException("grpc-status " + status + ": " + r.trailers().get("grpc-message", ""));
      });
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--help")) {
        System.out.println("java -jar pinscope-loadgen.jar [--endpoint URL] [--protocol http|grpc] [--spans N]"
            + " [--batch N] [--concurrency N]");
        System.exit(0);
      }
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("argument: " + args[i] + " (expected: --name value; see --help)");
      }
      o.put(args[i].substring(2), args[++i]);
    }
    return o;
  }

  private OtlpLoadGenerator() {}
}
