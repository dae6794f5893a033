package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pinscope.MutableClock;
import io.pinscope.demo.DemoShop;
import io.pinscope.storage.Storage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A shuffled, batched, multi-service workload for the server-map tests: the demo shop's traffic (four
 * runtimes, both semantic-convention generations, database, cache, queue, an external host, {@code pp}
 * entries passed along), plus traces whose web-frontend spans never arrive (the gateway was called from
 * outside the store), half of them through Pinpoint headers. Every resource's spans go in two separate
 * requests, all requests shuffled, over OTLP/HTTP to an all-in-one server whose pairing windows run on an
 * injected clock; then the clock moves until no half waits any more.
 */
final class ShopWorkload {
  static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
  static final long NOW_NANOS = NOW.toEpochMilli() * 1_000_000L;
  /** A range that holds the whole workload. */
  static final long FROM = NOW.toEpochMilli() - 30 * 60_000L;
  static final long TO = NOW.toEpochMilli() + 60_000L;

  private ShopWorkload() {}

  /** A server that ingested the workload and resolved every waiting half; closing it keeps the data dir. */
  record Ingested(PinscopeServer server) implements AutoCloseable {
    Storage storage() {
      return server.storage();
    }

    /** The query port's base URI. */
    String queryUri() {
      return "http://127.0.0.1:" + server.ports()[2];
    }

    @Override
    public void close() {
      server.close();
    }
  }

  /** Sends the workload to a new server over {@code engine} (rocksdb: in {@code dir}/data). */
  static Ingested ingest(Path dir, int pairingWindowSeconds, String engine) throws Exception {
    MutableClock clock = new MutableClock(NOW);
    ServerConfig config = ServerConfig.parse(new String[] {"--storage", engine, "--data-dir",
        dir.resolve("data").toString(), "--bind", "127.0.0.1", "--grpc-port", "0", "--http-port", "0",
        "--query-port", "0", "--pairing-window-seconds", Integer.toString(pairingWindowSeconds)}, Map.of());
    PinscopeServer server = PinscopeServer.start(config, clock);
    try {
      HttpClient http = HttpClient.newHttpClient();
      URI traces = URI.create("http://127.0.0.1:" + server.ports()[1] + "/v1/traces");
      for (ExportTraceServiceRequest request : workload()) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(traces)
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      }
      // Every waiting half moves on: clients alone, servers read, then late servers get their last chance.
      for (int round = 0; round < 3 && server.receiver().statistics().pendingPairs() > 0; round++) {
        clock.advance(config.receiver().statistics().pairingWindow());
        server.receiver().flushStatistics();
        clock.advance(config.receiver().statistics().latePairingWindow());
        server.receiver().flushStatistics();
      }
      server.receiver().flushStatistics();
      assertThat(server.receiver().statistics().pendingPairs()).isZero();
      return new Ingested(server);
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
  }

  /**
   * The requests, shuffled.
   */
  static List<ExportTraceServiceRequest> workload() {
    DemoShop shop = new DemoShop(7, NOW_NANOS);
    Random random = new Random(11);
    List<ExportTraceServiceRequest> requests = new ArrayList<>();
    for (int b = 0; b < 30; b++) {
      DemoShop.Batch batch = shop.traces(8, NOW_NANOS - b * 20_000_000_000L);
      Set<ByteString> outside = new HashSet<>();
      Set<ByteString> throughPinpoint = new HashSet<>();
      for (ResourceSpans rs : batch.traces().getResourceSpansList()) {
        for (Span s : rs.getScopeSpans(0).getSpansList()) {
          if (s.getParentSpanId().isEmpty() && b % 3 == 0 && random.nextInt(4) == 0) {
            outside.add(s.getTraceId());
            if (outside.size() % 2 == 0) {
              throughPinpoint.add(s.getTraceId());
            }
          }
        }
      }
      for (ResourceSpans rs : batch.traces().getResourceSpansList()) {
        boolean frontend = service(rs).equals("web-frontend");
        List<Span> kept = new ArrayList<>();
        for (Span s : rs.getScopeSpans(0).getSpansList()) {
          if (!outside.contains(s.getTraceId())) {
            kept.add(s);
          } else if (!frontend) {
            boolean pinpoint = throughPinpoint.contains(s.getTraceId());
            kept.add(pinpoint && service(rs).equals("api-gateway") && s.getKind() == Span.SpanKind.SPAN_KIND_SERVER
                ? s.toBuilder().setTraceState("pp=app:legacy;type:1010;tx:legacy-1^1^" + random.nextInt(1000)
                    + ";ps:-1").build()
                : s);
          }
        }
        int half = kept.size() / 2;
        for (List<Span> part : List.of(kept.subList(0, half), kept.subList(half, kept.size()))) {
          if (!part.isEmpty()) {
            requests.add(ExportTraceServiceRequest.newBuilder().addResourceSpans(rs.toBuilder().clearScopeSpans()
                .addScopeSpans(ScopeSpans.newBuilder(rs.getScopeSpans(0)).clearSpans().addAllSpans(part))).build());
          }
        }
      }
    }
    Collections.shuffle(requests, random);
    return requests;
  }

  private static String service(ResourceSpans rs) {
    return rs.getResource().getAttributesList().stream().filter(kv -> kv.getKey().equals("service.name"))
        .findFirst().orElseThrow().getValue().getStringValue();
  }

}
