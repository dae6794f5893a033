package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pinscope.MutableClock;
import io.pinscope.demo.DemoShop;
import io.pinscope.model.Histogram;
import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.SelfKey;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.servermap.HostMapResolver;
import io.pinscope.servermap.ResolvedLink;
import io.pinscope.servermap.StatisticsRebuild;
import io.pinscope.storage.StatisticsBatch;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Statistics built at ingest equal those rebuilt from the stored traces ({@code pinscope rebuild-statistics}),
 * for a shuffled, batched, multi-service workload: the demo shop's traffic (four runtimes, both semantic
 * convention generations, database, cache, queue, an external host, {@code pp} entries passed along), plus
 * traces entered from a Pinpoint agent and from an uninstrumented caller. Every resource's spans go in two
 * separate requests, all requests shuffled; the pairing windows run on an injected clock.
 */
class RebuildStatisticsTest {
  private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
  private static final long NOW_NANOS = NOW.toEpochMilli() * 1_000_000L;
  private static final long FROM = NOW.toEpochMilli() - 30 * 60_000L;
  private static final long TO = NOW.toEpochMilli() + 60_000L;

  @TempDir
  Path dir;

  /** With pairing on, every pair meets at ingest: the stored cells equal the rebuilt ones, cell by cell. */
  @Test
  void pairingOn_ingestStatisticsEqualRebuiltOnes_cellByCell_andAsTheMapShowsThem() throws Exception {
    try (Ingested ingested = ingest(10, "memory")) {
      StatisticsRebuild rebuild = StatisticsRebuild.of(ingested.storage(), FROM, TO, null);
      StatisticsBatch atIngest = rebuild.stored();
      StatisticsBatch rebuilt = rebuild.compute((t, s) -> { }).toBatch();

      assertThat(atIngest.links()).hasSizeGreaterThan(20);
      assertThat(StatisticsRebuild.differences(atIngest, rebuilt)).isEmpty();
      assertThat(resolved(rebuilt)).isEqualTo(resolved(atIngest));
      assertThat(linkNames(rebuilt)).contains("legacy->api-gateway", "api-gateway^UNKNOWN_CALLER->api-gateway");
    }
  }

  /**
   * With pairing off, calls are stored as links to external hosts plus host-map entries, which the map
   * resolves: the resolved links equal the rebuilt ones, link by link.
   */
  @Test
  void pairingOff_resolvedLinksEqualRebuiltOnes_linkByLink() throws Exception {
    try (Ingested ingested = ingest(0, "memory")) {
      StatisticsRebuild rebuild = StatisticsRebuild.of(ingested.storage(), FROM, TO, null);
      StatisticsBatch atIngest = rebuild.stored();
      StatisticsBatch rebuilt = rebuild.compute((t, s) -> { }).toBatch();

      assertThat(linkNames(atIngest)).anyMatch(l -> l.endsWith("^OPENTELEMETRY_CLIENT"));
      assertThat(resolved(atIngest)).isEqualTo(resolved(rebuilt));
      assertThat(self(atIngest)).isEqualTo(self(rebuilt));
    }
  }

  /** The command, as an operator runs it on a stopped server's data directory. */
  @ParameterizedTest(name = "application: {0}")
  @ValueSource(strings = {"", "api-gateway"})
  void command_dryRunShowsNoDifference_restoresLostCells_andIsIdempotent(String application) throws Exception {
    Path data = dir.resolve("data");
    StatisticsBatch before;
    try (Ingested ingested = ingest(10, "rocksdb")) {
      before = StatisticsRebuild.of(ingested.storage(), FROM, TO, null).stored();
    }
    String[] range = application.isEmpty()
        ? new String[] {"--from", NOW.minusSeconds(1800).toString(), "--to", Long.toString(TO)}
        : new String[] {"--from", NOW.minusSeconds(1800).toString(), "--to", Long.toString(TO),
            "--application", application};
    assertThat(command(data, range, "--dry-run")).contains(" 0 differ");

    // A crash between two flushes: some statistics of the gateway are lost.
    try (Storage storage = Storage.open(StorageConfig.builder().engine("rocksdb").dataDirectory(data).build())) {
      StatisticsBatch lost = new StatisticsBatch();
      before.self().stream().filter(s -> s.key().applicationName().equals("api-gateway")).forEach(lost::addSelf);
      before.links().stream().filter(l -> l.key().callerName().equals("api-gateway")).forEach(lost::addLink);
      storage.statistics().remove(lost);
    }
    assertThat(command(data, range, "--dry-run")).doesNotContain(" 0 differ").contains("api-gateway");

    assertThat(command(data, range)).contains("rebuilt from").contains("cells removed");
    assertThat(command(data, range, "--dry-run")).contains(" 0 differ");
    try (Storage storage = Storage.open(StorageConfig.builder().engine("rocksdb").dataDirectory(data).build())) {
      StatisticsBatch after = StatisticsRebuild.of(storage, FROM, TO, null).stored();
      assertThat(StatisticsRebuild.differences(before, after)).isEmpty();
    }
  }

  @Test
  void command_refusesABadRange_andALockedDataDirectory_withMessagesNamingTheFix() throws Exception {
    assertThatArgumentError(new String[] {"--from", "yesterday", "--to", "1"}, "--from: yesterday (expected: epoch "
        + "milliseconds or an ISO-8601 instant such as 2026-11-30T10:00:00Z)");
    assertThatArgumentError(new String[] {"--from", "5", "--to", "5"}, "--to: 5 (expected: after --from 5)");
    assertThatArgumentError(new String[] {"--to", "5"}, "--from and --to are required");
    try (Ingested running = ingest(10, "rocksdb")) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = RebuildStatisticsCommand.run(RebuildStatisticsCommand.parse(new String[] {"--from", "0", "--to",
              "60000", "--data-dir", dir.resolve("data").toString()}, Map.of()),
          new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
          java.time.Clock.systemUTC());
      assertThat(code).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot open storage")
          .contains("stop the Pinscope server that uses this data directory first");
    }
  }

  private static void assertThatArgumentError(String[] args, String message) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RebuildStatisticsCommand.parse(args, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }

  private String command(Path data, String[] range, String... more) {
    List<String> args = new ArrayList<>(List.of(range));
    args.addAll(List.of("--data-dir", data.toString()));
    args.addAll(List.of(more));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = RebuildStatisticsCommand.run(RebuildStatisticsCommand.parse(args.toArray(String[]::new), Map.of()),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        new MutableClock(NOW));
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as("exit code; stdout:%n%s%nstderr:%n%s", text, err.toString(StandardCharsets.UTF_8))
        .isZero();
    return text;
  }

  /** A server that ingested the workload and resolved every waiting half; closing it keeps the data dir. */
  private record Ingested(PinscopeServer server) implements AutoCloseable {
    Storage storage() {
      return server.storage();
    }

    @Override
    public void close() {
      server.close();
    }
  }

  private Ingested ingest(int pairingWindowSeconds, String engine) throws Exception {
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
   * The demo shop's traffic, plus traces whose web-frontend spans never arrive (so the gateway was called from
   * outside the store), some of them through Pinpoint headers: each resource's spans split into two requests,
   * all requests shuffled.
   */
  private static List<ExportTraceServiceRequest> workload() {
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
                ? s.toBuilder().setTraceState("pp=app:legacy;type:1010;tx:legacy-1^1^" + random.nextInt(1000)).build()
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

  /** Links after host-map resolution, as the server map shows them: (slot, link) → histogram. */
  private static Map<String, Histogram> resolved(StatisticsBatch batch) {
    Map<String, List<SlotValue<LinkKey>>> byCaller = new HashMap<>();
    batch.links().forEach(l -> byCaller.computeIfAbsent(l.key().callerName(), c -> new ArrayList<>()).add(l));
    Map<String, Set<HostMapping>> mappings = new HashMap<>();
    batch.hostMappings().forEach(m -> mappings.computeIfAbsent(m.mapping().callerName(), c -> new HashSet<>())
        .add(m.mapping()));
    Map<String, Histogram> out = new TreeMap<>();
    byCaller.forEach((caller, links) -> {
      Set<HostMapping> usable = new HashSet<>(mappings.getOrDefault(caller, Set.of()));
      usable.addAll(mappings.getOrDefault("", Set.of()));
      for (ResolvedLink r : HostMapResolver.resolve(links, usable)) {
        out.merge(r.link().slotMillis() + " " + r.link().key() + (r.virtual() ? " virtual" : ""),
            r.link().histogram(), Histogram::plus);
      }
    });
    return out;
  }

  private static Map<String, Histogram> self(StatisticsBatch batch) {
    Map<String, Histogram> out = new TreeMap<>();
    for (SlotValue<SelfKey> s : batch.self()) {
      out.merge(s.slotMillis() + " " + s.key(), s.histogram(), Histogram::plus);
    }
    return out;
  }

  private static Set<String> linkNames(StatisticsBatch batch) {
    Set<String> out = new HashSet<>();
    for (SlotValue<LinkKey> l : batch.links()) {
      LinkKey k = l.key();
      boolean userLike = ServiceTypeRegistry.ofCode(k.callerTypeCode()).category()
          == io.pinscope.model.NodeCategory.USER;
      out.add((userLike ? k.callerName() + "^" + ServiceTypeRegistry.ofCode(k.callerTypeCode()).name()
          : k.callerName()) + "->" + k.calleeName()
          + (ServiceTypeRegistry.ofCode(k.calleeTypeCode()) == ServiceTypeRegistry.OPENTELEMETRY_CLIENT
              ? "^OPENTELEMETRY_CLIENT" : ""));
    }
    return out;
  }
}
