package io.pinscope.receiver.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.MutableClock;
import io.pinscope.TestSpans;
import io.pinscope.model.Attributes;
import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.SelfKey;
import io.pinscope.model.ServiceType;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SpanIds;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StatusCode;
import io.pinscope.model.StoredSpan;
import io.pinscope.storage.MapStatistics;
import io.pinscope.storage.StatisticsBatch;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatisticsAggregatorTest {
  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final Duration LATE = Duration.ofSeconds(60);
  private static final long SLOT = SlotValue.slotOf(TestSpans.EPOCH_NANOS / 1_000_000L);
  private static final long MINUTE = SlotValue.SLOT_MILLIS;
  private static final ServiceType JAVA = ServiceTypeRegistry.JAVA;
  private static final int EXTERNAL = ServiceTypeRegistry.OPENTELEMETRY_CLIENT.code();

  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final Storage storage = Storage.open(StorageConfig.builder().engine("memory").build());
  private final FlakySink sink = new FlakySink(storage.statistics());

  @AfterEach
  void closeStorage() {
    storage.close();
  }

  private StatisticsAggregator aggregator(Duration window, int maxPendingPairs) {
    return new StatisticsAggregator(sink, storage.traces(), new StatisticsConfig(window, LATE, maxPendingPairs),
        clock);
  }

  /** As the ingest pipeline does: spans are stored before the aggregator sees them. */
  private void accept(StatisticsAggregator aggregator, ServiceType type, List<StoredSpan> spans) {
    storage.traces().write(spans);
    aggregator.accept(type, spans);
  }

  private static StoredSpan.Builder span(String app, SpanKind kind, long spanId, long parent, long start,
      long elapsed) {
    return TestSpans.span(app, kind, spanId, parent, start, start + elapsed);
  }

  private List<SlotValue<LinkKey>> outLinks(String caller) {
    return storage.statistics().readOutLinks(caller, SLOT, SLOT + 10 * MINUTE);
  }

  private long totalCalls(List<SlotValue<LinkKey>> links) {
    return links.stream().mapToLong(l -> l.histogram().totalCount()).sum();
  }

  // ---- Nodes and links that need no pairing.

  @Test
  void rootInternalSpan_isAnEntry_selfAndUserLink_childInternalSpanCountsNothing() {
    StatisticsAggregator aggregator = aggregator(WINDOW, 100);
    accept(aggregator, JAVA, List.of(
        span("batch", SpanKind.INTERNAL, 1, SpanIds.NONE, 0, 1_500).status(StatusCode.ERROR, "x").build(),
        span("batch", SpanKind.INTERNAL, 2, 1, 10, 700).build()));

    aggregator.flush();

    Histogram oneSlowError = Histogram.of(HistogramSchema.NORMAL, 1_500, true);
    assertThat(storage.statistics().readSelf("batch", SLOT, SLOT + MINUTE)).containsExactly(
        new SlotValue<>(SLOT, new SelfKey("batch", JAVA.code(), "batch-1"), oneSlowError));
    assertThat(outLinks("batch")).containsExactly(new SlotValue<>(SLOT,
        new LinkKey("batch", ServiceTypeRegistry.USER.code(), "batch", JAVA.code(), ""), oneSlowError));
  }

  @Test
  void redisCallee_usesFastBands_bothGenerationsNameOneNode() {
    StatisticsAggregator aggregator = aggregator(WINDOW, 100);
    Attributes stable = Attributes.of("db.system.name", "redis", "db.namespace", "0",
        "server.address", "cache.internal", "server.port", 6379L);
    Attributes old = Attributes.of("db.system", "redis", "net.peer.name", "cache.internal",
        "net.peer.port", 6379L);
    accept(aggregator, JAVA, List.of(
        span("web", SpanKind.CLIENT, 11, 1, 0, 50).attributes(stable).build(),
        span("web", SpanKind.CLIENT, 12, 1, 1, 250).attributes(old).build(),
        span("web", SpanKind.CLIENT, 13, 1, 2, 450).attributes(stable).status(StatusCode.ERROR, "").build(),
        span("web", SpanKind.CLIENT, 14, 1, 3, 900).attributes(old).build()));

    aggregator.flush();

    List<SlotValue<LinkKey>> links = outLinks("web");
    assertThat(links).extracting(SlotValue::key).containsExactly(new LinkKey("web", JAVA.code(),
        "cache.internal:6379", ServiceTypeRegistry.REDIS.code(), "cache.internal:6379"));
    Histogram h = links.get(0).histogram();
    assertThat(h.schema()).isEqualTo(HistogramSchema.FAST);
    assertThat(h.successCounts()).containsExactly(1, 1, 0, 1);
    assertThat(h.errorCounts()).containsExactly(0, 0, 1, 0);
    assertThat(aggregator.snapshot().pendingPairs()).isZero();
  }

  @Test
  void messagingConsumerRoot_isCalledByItsQueue_notByUser() {
    StatisticsAggregator aggregator = aggregator(WINDOW, 100);
    accept(aggregator, JAVA, List.of(span("billing", SpanKind.CONSUMER, 21, SpanIds.NONE, 0, 40)
        .attributes(Attributes.of("messaging.system", "rabbitmq", "messaging.destination.name", "invoices",
            "server.address", "mq.internal", "server.port", 5672L))
        .build()));

    aggregator.flush();

    Histogram one = Histogram.of(HistogramSchema.NORMAL, 40, false);
    assertThat(storage.statistics().readInLinks("billing", SLOT, SLOT + MINUTE)).containsExactly(
        new SlotValue<>(SLOT, new LinkKey("invoices", ServiceTypeRegistry.RABBITMQ.code(), "billing",
            JAVA.code(), "mq.internal:5672"), one));
    assertThat(storage.statistics().readSelf("billing", SLOT, SLOT + MINUTE)).hasSize(1);
    assertThat(aggregator.snapshot().pendingPairs()).isZero();
  }

  @Test
  void unknownMessagingSystemProducer_linksToAGenericQueue_namedBySystemWithoutDestination() {
    StatisticsAggregator aggregator = aggregator(WINDOW, 100);
    accept(aggregator, JAVA, List.of(span("web", SpanKind.PRODUCER, 31, 1, 0, 3)
        .attributes(Attributes.of("messaging.system", "aws_sqs")).build()));

    aggregator.flush();

    assertThat(outLinks("web")).extracting(SlotValue::key).containsExactly(
        new LinkKey("web", JAVA.code(), "aws_sqs", ServiceTypeRegistry.OPENTELEMETRY_QUEUE.code(), ""));
  }

  @Test
  void serverSpanWithLocalParent_hasNoCaller_selfOnly() {
    StatisticsAggregator aggregator = aggregator(Duration.ZERO, 100);
    accept(aggregator, JAVA, List.of(span("web", SpanKind.SERVER, 41, 40, 0, 3).flags(0x101)
        .traceState("pp=app:other").attributes(Attributes.of("server.address", "web", "server.port", 80L))
        .build()));

    aggregator.flush();

    assertThat(storage.statistics().readSelf("web", SLOT, SLOT + MINUTE)).hasSize(1);
    assertThat(storage.statistics().readInLinks("web", SLOT, SLOT + MINUTE)).isEmpty();
    assertThat(storage.statistics().readHostMappings("", SLOT, SLOT + MINUTE)).isEmpty();
    assertThat(storage.statistics().readHostMappings("other", SLOT, SLOT + MINUTE)).isEmpty();
  }

  @Test
  void externalNode_peerServiceNamesIt_hostStaysTheAddress_unknownWithoutAnything() {
    StatisticsAggregator aggregator = aggregator(Duration.ZERO, 100);
    accept(aggregator, JAVA, List.of(
        span("web", SpanKind.CLIENT, 51, 1, 0, 3).attributes(Attributes.of("peer.service", "payments",
            "server.address", "10.0.0.9", "server.port", 443L)).build(),
        span("web", SpanKind.CLIENT, 52, 1, 0, 3).build()));

    aggregator.flush();

    assertThat(outLinks("web")).extracting(SlotValue::key).containsExactlyInAnyOrder(
        new LinkKey("web", JAVA.code(), "payments", EXTERNAL, "10.0.0.9:443"),
        new LinkKey("web", JAVA.code(), "unknown", EXTERNAL, ""));
  }

  // ---- pp trace state.

  @Test
  void ppCallerType_isTheCallersOwnType_elseAnApplicationCodeFromPp_elseOpenTelemetryServer() {
    StatisticsAggregator aggregator = aggregator(Duration.ZERO, 100);
    accept(aggregator, ServiceTypeRegistry.NODE, List.of(span("known", SpanKind.SERVER, 60, SpanIds.NONE, 0, 1)
        .build()));
    // Entries made from Pinpoint headers (ps, no sid): they name their caller as soon as no caller span is stored.
    String[] traceStates = {"pp=app:known;type:1001;ps:1", "pp=app:legacy;type:1010;ps:1",
        "pp=app:custom;type:1999;ps:1", "pp=app:garbled;type:abc;ps:1", "pp=app:database;type:2100;ps:1",
        "pp=app:untyped;ps:1"};
    for (int i = 0; i < traceStates.length; i++) {
      accept(aggregator, JAVA, List.of(span("api", SpanKind.SERVER, 61 + i, 600 + i, 0, 5).flags(0x301)
          .traceState(traceStates[i]).build()));
    }

    aggregator.flush();

    assertThat(storage.statistics().readInLinks("api", SLOT, SLOT + MINUTE))
        .extracting(l -> l.key().callerName() + "/" + l.key().callerTypeCode())
        .containsExactlyInAnyOrder("known/1400", "legacy/1010", "custom/1999", "garbled/1220",
            "database/1220", "untyped/1220");
  }

  // ---- The pairing window and its memory bound.

  @Test
  void clientHalf_waitsTheWholeWindow_thenLinksToItsExternalHost() {
    StatisticsAggregator aggregator = aggregator(WINDOW, 100);
    accept(aggregator, JAVA, List.of(span("web", SpanKind.CLIENT, 71, 1, 0, 3)
        .attributes(Attributes.of("server.address", "b", "server.port", 80L)).build()));

    clock.advance(WINDOW.minusMillis(1));
    aggregator.flush();
    assertThat(outLinks("web")).isEmpty();
    assertThat(aggregator.snapshot().pendingPairs()).isEqualTo(1);

    clock.advance(Duration.ofMillis(1));
    aggregator.flush();
    assertThat(outLinks("web")).extracting(SlotValue::key)
        .containsExactly(new LinkKey("web", JAVA.code(), "b:80", EXTERNAL, "b:80"));
    assertThat(aggregator.snapshot().pendingPairs()).isZero();
    assertThat(aggregator.snapshot().expiredUnpaired()).isEqualTo(1);
  }

  @Test
  void unnamedServerHalf_waitsForItsCallersSpan_thenIsDrawnFromTheUnknownCaller_withACallerIndependentHostMapping() {
    StatisticsAggregator aggregator = aggregator(WINDOW, 100);
    accept(aggregator, JAVA, List.of(span("api", SpanKind.SERVER, 81, 80, 0, 3).flags(0x301)
        .attributes(Attributes.of("server.address", "api.internal", "server.port", 8080L)).build()));

    clock.advance(WINDOW);
    aggregator.flush(); // its parent is looked up: not stored, so it waits in the late table
    assertThat(storage.statistics().readInLinks("api", SLOT, SLOT + MINUTE)).isEmpty();
    assertThat(storage.statistics().readHostMappings("", SLOT, SLOT + MINUTE)).isEmpty();
    assertThat(aggregator.snapshot().pendingPairs()).isEqualTo(1);

    clock.advance(LATE);
    aggregator.flush(); // its last chance: still nothing names its caller

    assertThat(storage.statistics().readInLinks("api", SLOT, SLOT + MINUTE)).extracting(SlotValue::key)
        .containsExactly(new LinkKey("api", ServiceTypeRegistry.UNKNOWN_CALLER.code(), "api", JAVA.code(), ""));
    assertThat(storage.statistics().readHostMappings("", SLOT, SLOT + MINUTE))
        .containsExactly(new HostMapping("", "api.internal:8080", "api", JAVA.code()));
    assertThat(aggregator.snapshot().pendingPairs()).isZero();
    assertThat(aggregator.snapshot().unknownCallers()).isEqualTo(1);
    assertThat(aggregator.snapshot().parentReads()).isEqualTo(2);
  }

  @Test
  void pendingPairsBound_evictsTheOldestAsUnpaired_countsIt_andDropsNothing() {
    StatisticsAggregator aggregator = aggregator(WINDOW, 3);
    for (int i = 0; i < 5; i++) {
      accept(aggregator, JAVA, List.of(span("web", SpanKind.CLIENT, 100 + i, 1, i, 3)
          .attributes(Attributes.of("peer.service", "peer-" + i)).build()));
      clock.advance(Duration.ofMillis(1));
    }

    assertThat(aggregator.snapshot().pendingPairs()).isEqualTo(3);
    assertThat(aggregator.snapshot().evictedForMemory()).isEqualTo(2);
    aggregator.flush();
    assertThat(outLinks("web")).extracting(l -> l.key().calleeName()).containsExactlyInAnyOrder("peer-0", "peer-1");

    clock.advance(WINDOW);
    aggregator.flush();
    assertThat(outLinks("web")).extracting(l -> l.key().calleeName())
        .containsExactlyInAnyOrder("peer-0", "peer-1", "peer-2", "peer-3", "peer-4");
    assertThat(totalCalls(outLinks("web"))).isEqualTo(5);
    assertThat(aggregator.snapshot().expiredUnpaired()).isEqualTo(5); // the 2 evicted ones included
  }

  @Test
  void evictedServerHalf_isReadAtTheNextFlush_andFindsItsCallersSpan_whichLinksToAnExternalHostTheHostMapResolves() {
    StatisticsAggregator aggregator = aggregator(WINDOW, 1);
    StoredSpan server = span("api", SpanKind.SERVER, 91, 90, 0, 3).flags(0x301)
        .attributes(Attributes.of("server.address", "api", "server.port", 80L)).build();
    StoredSpan client = span("web", SpanKind.CLIENT, 90, 1, 0, 4)
        .attributes(Attributes.of("server.address", "api", "server.port", 80L)).build();
    accept(aggregator, JAVA, List.of(server));
    accept(aggregator, JAVA, List.of(span("web", SpanKind.CLIENT, 92, 1, 0, 3).build())); // evicts the server

    accept(aggregator, JAVA, List.of(client)); // evicts the other client
    clock.advance(WINDOW);
    aggregator.flush();

    assertThat(aggregator.snapshot().evictedForMemory()).isEqualTo(2);
    assertThat(aggregator.snapshot().pairs()).isZero();
    assertThat(aggregator.snapshot().latePairs()).isEqualTo(1);
    assertThat(outLinks("web")).extracting(l -> l.key().calleeName()).containsExactlyInAnyOrder("api:80", "unknown");
    assertThat(storage.statistics().readHostMappings("web", SLOT, SLOT + MINUTE))
        .containsExactly(new HostMapping("web", "api:80", "api", JAVA.code()));
    assertThat(storage.statistics().readInLinks("api", SLOT, SLOT + MINUTE)).isEmpty();
    assertThat(aggregator.snapshot().pendingPairs()).isZero();
  }

  @Test
  void sameClientSpanTwice_theOlderIsResolvedAlone_theNewerPairs() {
    StatisticsAggregator aggregator = aggregator(WINDOW, 100);
    StoredSpan client = span("web", SpanKind.CLIENT, 200, 1, 0, 30)
        .attributes(Attributes.of("server.address", "api", "server.port", 80L)).build();
    accept(aggregator, JAVA, List.of(client));
    accept(aggregator, JAVA, List.of(client)); // an OTLP retry
    accept(aggregator, JAVA, List.of(span("api", SpanKind.SERVER, 201, 200, 1, 20).flags(0x301).build()));

    aggregator.flush();

    assertThat(outLinks("web")).extracting(SlotValue::key).containsExactlyInAnyOrder(
        new LinkKey("web", JAVA.code(), "api:80", EXTERNAL, "api:80"),
        new LinkKey("web", JAVA.code(), "api", JAVA.code(), "api:80"));
    assertThat(aggregator.snapshot().pairs()).isEqualTo(1);
    assertThat(aggregator.snapshot().expiredUnpaired()).isEqualTo(1);
  }

  @Test
  void pairedClientWithoutAddress_usesTheHostTheServerWasCalledBy() {
    StatisticsAggregator aggregator = aggregator(WINDOW, 100);
    accept(aggregator, JAVA, List.of(span("web", SpanKind.CLIENT, 300, 1, 0, 30).build()));
    accept(aggregator, ServiceTypeRegistry.GO, List.of(span("api", SpanKind.SERVER, 301, 300, 1, 20)
        .attributes(Attributes.of("http.host", "api.internal")).build()));

    aggregator.flush();

    assertThat(outLinks("web")).extracting(SlotValue::key).containsExactly(
        new LinkKey("web", JAVA.code(), "api", ServiceTypeRegistry.GO.code(), "api.internal"));
    assertThat(storage.statistics().readHostMappings("web", SLOT, SLOT + MINUTE))
        .containsExactly(new HostMapping("web", "api.internal", "api", ServiceTypeRegistry.GO.code()));
  }

  @Test
  void latePairing_recordsTheHostMappingInTheClientsSlot_underTheClientsHostKey() {
    StatisticsAggregator aggregator = aggregator(Duration.ZERO, 100);
    // The call starts in one minute and is answered in the next (the next slot starts 40 s after EPOCH).
    long nextSlot = SLOT + MINUTE - TestSpans.EPOCH_NANOS / 1_000_000L;
    accept(aggregator, JAVA, List.of(span("web", SpanKind.CLIENT, 700, 1, nextSlot - 2, 30)
        .attributes(Attributes.of("peer.service", "pricing")).build()));
    accept(aggregator, ServiceTypeRegistry.NODE, List.of(span("pricing", SpanKind.SERVER, 701, 700, nextSlot + 1, 20)
        .flags(0x301).attributes(Attributes.of("server.address", "10.0.0.7", "server.port", 3000L)).build()));

    aggregator.flush();

    assertThat(outLinks("web")).extracting(SlotValue::slotMillis, l -> l.key().calleeName())
        .containsExactly(org.assertj.core.groups.Tuple.tuple(SLOT, "pricing"));
    assertThat(storage.statistics().readHostMappingSlots("web", SLOT, SLOT + 2 * MINUTE))
        .containsExactly(new StatisticsBatch.SlotMapping(SLOT,
            new HostMapping("web", "pricing", "pricing", ServiceTypeRegistry.NODE.code())));
  }

  @Test
  void serverEvictedFromTheLateTable_isDrawnFromTheUnknownCaller_notDropped() {
    StatisticsAggregator aggregator = aggregator(Duration.ZERO, 1);
    for (int i = 0; i < 2; i++) {
      accept(aggregator, JAVA, List.of(span("api", SpanKind.SERVER, 800 + i, 810 + i, 0, 3).flags(0x301).build()));
      aggregator.flush(); // read, not found: waits late; the second pushes the first out
    }

    assertThat(aggregator.snapshot().evictedForMemory()).isEqualTo(1);
    assertThat(storage.statistics().readInLinks("api", SLOT, SLOT + MINUTE)).extracting(SlotValue::key)
        .containsExactly(new LinkKey("api", ServiceTypeRegistry.UNKNOWN_CALLER.code(), "api", JAVA.code(), ""));
    assertThat(aggregator.snapshot().pendingPairs()).isEqualTo(1);
  }

  @Test
  void knownApplications_typeCallersNamedByStoredParents_afterARestart() {
    StatisticsAggregator aggregator = aggregator(Duration.ZERO, 100);
    aggregator.knownApplications(java.util.Map.of("legacy-app", ServiceTypeRegistry.PYTHON.code()));
    // The caller's span is stored, but this aggregator has not seen it arrive (it came before a restart).
    storage.traces().write(List.of(span("legacy-app", SpanKind.INTERNAL, 900, 1, 0, 40).build()));
    accept(aggregator, JAVA, List.of(span("api", SpanKind.SERVER, 901, 900, 1, 30).flags(0x301).build()));

    aggregator.flush();

    assertThat(storage.statistics().readInLinks("api", SLOT, SLOT + MINUTE)).extracting(SlotValue::key)
        .containsExactly(new LinkKey("legacy-app", ServiceTypeRegistry.PYTHON.code(), "api", JAVA.code(), ""));
  }

  // ---- Slots, close, failures.

  @Test
  void spansAreCountedInTheSlotOfTheirStart_hostMappingsOncePerSlot() {
    StatisticsAggregator aggregator = aggregator(Duration.ZERO, 100);
    for (int i = 0; i < 4; i++) {
      long start = (i / 2) * MINUTE;
      accept(aggregator, JAVA, List.of(span("api", SpanKind.SERVER, 400 + i, 500 + i, start, 3).flags(0x301)
          .attributes(Attributes.of("server.address", "api", "server.port", 80L)).build()));
    }

    aggregator.flush();
    clock.advance(LATE);
    aggregator.flush();

    assertThat(storage.statistics().readSelf("api", SLOT, SLOT + 10 * MINUTE))
        .extracting(SlotValue::slotMillis, s -> s.histogram().totalCount())
        .containsExactly(org.assertj.core.groups.Tuple.tuple(SLOT, 2L),
            org.assertj.core.groups.Tuple.tuple(SLOT + MINUTE, 2L));
    assertThat(sink.batches).hasSize(2);
    assertThat(sink.batches.get(1).hostMappings()).extracting(StatisticsBatch.SlotMapping::slotMillis)
        .containsExactlyInAnyOrder(SLOT, SLOT + MINUTE);
  }

  @Test
  void close_resolvesEveryWaitingHalf_flushes_thenAcceptFails() {
    StatisticsAggregator aggregator = aggregator(WINDOW, 100);
    accept(aggregator, JAVA, List.of(span("web", SpanKind.SERVER, 1, SpanIds.NONE, 0, 10).build(),
        span("web", SpanKind.CLIENT, 2, 1, 1, 5).attributes(Attributes.of("peer.service", "partner")).build()));

    aggregator.close();

    assertThat(outLinks("web")).extracting(l -> l.key().calleeName()).containsExactlyInAnyOrder("web", "partner");
    assertThat(aggregator.snapshot().pendingPairs()).isZero();
    assertThat(aggregator.snapshot().expiredUnpaired()).isEqualTo(1);
    assertThatThrownBy(() -> aggregator.accept(JAVA, List.of()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    aggregator.close(); // idempotent
    assertThat(totalCalls(outLinks("web"))).isEqualTo(2);
  }

  @Test
  void routes_cappedPerApplication_admittedRoutesStay_restFoldedAndCounted() {
    StatisticsAggregator aggregator = new StatisticsAggregator(sink, storage.traces(),
        new StatisticsConfig(Duration.ZERO, LATE, 100, 2), clock);
    List<StoredSpan> spans = new java.util.ArrayList<>();
    for (String name : List.of("a", "b", "c", "a", "d")) {
      spans.add(span("web", SpanKind.SERVER, spans.size() + 1, SpanIds.NONE, 0, 10).name(name).build());
    }
    spans.add(span("api", SpanKind.SERVER, 10, SpanIds.NONE, 0, 10).name("c").build());
    spans.add(span("web", SpanKind.CLIENT, 11, 1, 0, 10).name("e").build()); // no entry: no route
    accept(aggregator, JAVA, spans.subList(0, 5));
    accept(aggregator, JAVA, spans.subList(5, 7));
    aggregator.flush();

    assertThat(storage.statistics().readUris("web", SLOT, SLOT + MINUTE))
        .extracting(v -> v.key().route() + "=" + v.histogram().totalCount())
        .containsExactlyInAnyOrder("a=2", "b=1", "other=2");
    assertThat(storage.statistics().readUris("api", SLOT, SLOT + MINUTE))
        .extracting(v -> v.key().route()).containsExactly("c");
    assertThat(aggregator.snapshot().foldedRouteSpans()).isEqualTo(2);
  }

  @Test
  void statements_ofDatabaseCalls_normalised_cappedPerApplication_restFoldedAndCounted() {
    StatisticsAggregator aggregator = new StatisticsAggregator(sink, storage.traces(),
        new StatisticsConfig(Duration.ZERO, LATE, 100, 500, 2), clock);
    List<StoredSpan> spans = new java.util.ArrayList<>();
    for (String sql : List.of("SELECT * FROM a WHERE id = 1", "SELECT * FROM a WHERE id = 2",
        "SELECT * FROM b", "DELETE FROM c")) {
      spans.add(span("web", SpanKind.CLIENT, spans.size() + 1, 100, 0, 10).name("q")
          .attributes(io.pinscope.model.Attributes.of("db.system", "postgresql", "db.name", "shop",
              "db.statement", sql)).build());
    }
    spans.add(span("web", SpanKind.CLIENT, 20, 100, 0, 10).name("GET").build()); // no database call
    spans.add(span("web", SpanKind.INTERNAL, 21, 100, 0, 10).name("q") // no CLIENT: the map draws no database
        .attributes(io.pinscope.model.Attributes.of("db.system", "postgresql", "db.statement", "SELECT 1"))
        .build());
    accept(aggregator, JAVA, spans);
    aggregator.flush();

    assertThat(storage.statistics().readSqls("web", SLOT, SLOT + MINUTE))
        .extracting(v -> v.key().dbSystem() + "/" + v.key().database() + " " + v.key().statement() + "="
            + v.histogram().totalCount())
        .containsExactlyInAnyOrder("postgresql/shop SELECT * FROM a WHERE id = ?=2",
            "postgresql/shop SELECT * FROM b=1", "postgresql/shop other=1");
    assertThat(aggregator.snapshot().foldedStatementSpans()).isEqualTo(1);
    assertThat(aggregator.snapshot().foldedRouteSpans()).isZero();
  }

  @Test
  void sinkFailure_keepsTheCellsForTheNextFlush_andReportsIt() {
    StatisticsAggregator aggregator = aggregator(Duration.ZERO, 100);
    accept(aggregator, JAVA, List.of(span("web", SpanKind.SERVER, 1, SpanIds.NONE, 0, 10).build()));
    sink.failing = true;

    aggregator.flush();
    accept(aggregator, JAVA, List.of(span("web", SpanKind.SERVER, 2, SpanIds.NONE, 5, 20).build()));
    aggregator.flush();

    StatisticsAggregator.Snapshot failed = aggregator.snapshot();
    assertThat(failed.failedFlushes()).isEqualTo(2);
    // Self + USER link, both summed over the two spans, + one route cell per span name (span-1, span-2).
    assertThat(failed.retainedCells()).isEqualTo(4);
    assertThat(failed.flushes()).isZero();
    assertThat(storage.statistics().readSelf("web", SLOT, SLOT + MINUTE)).isEmpty();

    sink.failing = false;
    aggregator.flush();

    assertThat(storage.statistics().readSelf("web", SLOT, SLOT + MINUTE)).extracting(s -> s.histogram())
        .containsExactly(Histogram.of(HistogramSchema.NORMAL, 10, false).plus(20, false));
    assertThat(totalCalls(outLinks("web"))).isEqualTo(2);
    StatisticsAggregator.Snapshot healed = aggregator.snapshot();
    assertThat(healed.retainedCells()).isZero();
    assertThat(healed.flushes()).isEqualTo(1);
    assertThat(healed.linksWritten()).isEqualTo(1);
    assertThat(healed.droppedCells()).isZero();
  }

  @Test
  void sinkFailure_keepsAtMostTheBound_droppingTheOldestSlotsAndCountingThem() {
    StatisticsAggregator aggregator = new StatisticsAggregator(sink, storage.traces(),
        new StatisticsConfig(Duration.ZERO, LATE, 100), clock, 4);
    for (int i = 0; i < 3; i++) {
      accept(aggregator, JAVA, List.of(span("web", SpanKind.INTERNAL, 10 + i, 90 + i, i * MINUTE, 10).flags(0x301)
          .build())); // an entry (remote parent) that is neither a root nor a server: self only, until its
                      // caller's span is looked for (the late window is not over in this test); and its route
    }
    sink.failing = true;

    aggregator.flush();

    assertThat(aggregator.snapshot().droppedCells()).isEqualTo(2); // the oldest slot: self and route
    assertThat(aggregator.snapshot().retainedCells()).isEqualTo(4);
    sink.failing = false;
    aggregator.flush();
    assertThat(storage.statistics().readSelf("web", SLOT, SLOT + 10 * MINUTE)).extracting(SlotValue::slotMillis)
        .containsExactly(SLOT + MINUTE, SLOT + 2 * MINUTE);
  }

  @Test
  void flush_withNothingToWrite_writesNoBatch_butCounts() {
    StatisticsAggregator aggregator = aggregator(WINDOW, 100);

    aggregator.flush();

    assertThat(sink.batches).isEmpty();
    assertThat(aggregator.snapshot().flushes()).isEqualTo(1);
  }

  // ---- Argument checks.

  @Test
  void config_isValidated() {
    assertThat(StatisticsConfig.defaults())
        .isEqualTo(new StatisticsConfig(Duration.ofSeconds(10), Duration.ofSeconds(60), 100_000));
    assertThat(new StatisticsConfig(Duration.ZERO, LATE, 1).pairingEnabled()).isFalse();
    assertThatThrownBy(() -> new StatisticsConfig(Duration.ofMillis(-1), LATE, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pairingWindow: PT-0.001S (expected: >= 0; ZERO disables pairing)");
    assertThatThrownBy(() -> new StatisticsConfig(WINDOW, Duration.ofSeconds(-1), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("latePairingWindow: PT-1S (expected: >= 0)");
    assertThatThrownBy(() -> new StatisticsConfig(WINDOW, LATE, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxRoutesPerApplication: 0 (expected: > 0)");
    assertThat(StatisticsConfig.defaults().maxRoutesPerApplication()).isEqualTo(500);
    assertThatThrownBy(() -> new StatisticsConfig(WINDOW, LATE, 1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxStatementsPerApplication: 0 (expected: > 0)");
    assertThat(StatisticsConfig.defaults().maxStatementsPerApplication()).isEqualTo(500);
    assertThatThrownBy(() -> new StatisticsConfig(WINDOW, LATE, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxPendingPairs: 0 (expected: > 0)");
    assertThatThrownBy(() -> new StatisticsConfig(null, LATE, 1))
        .isInstanceOf(NullPointerException.class).hasMessage("pairingWindow");
  }

  @Test
  void accept_rejectsNulls() {
    StatisticsAggregator aggregator = aggregator(WINDOW, 100);
    assertThatThrownBy(() -> aggregator.accept(null, List.of()))
        .isInstanceOf(NullPointerException.class).hasMessage("applicationType");
    assertThatThrownBy(() -> aggregator.accept(JAVA, null))
        .isInstanceOf(NullPointerException.class).hasMessage("spans");
  }

  /** Storage that can be made to fail, recording the batches it was given. */
  static final class FlakySink implements MapStatistics {
    private final MapStatistics delegate;
    final List<StatisticsBatch> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile boolean failing;

    FlakySink(MapStatistics delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(StatisticsBatch batch) {
      if (failing) {
        throw new IllegalStateException("storage unavailable");
      }
      batches.add(batch);
      delegate.write(batch);
    }

    @Override
    public List<SlotValue<SelfKey>> readSelf(String application, long fromMillis, long toMillis,
        io.pinscope.storage.StatisticsResolution resolution) {
      return delegate.readSelf(application, fromMillis, toMillis, resolution);
    }

    @Override
    public List<SlotValue<LinkKey>> readOutLinks(String callerName, long fromMillis, long toMillis,
        io.pinscope.storage.StatisticsResolution resolution) {
      return delegate.readOutLinks(callerName, fromMillis, toMillis, resolution);
    }

    @Override
    public List<SlotValue<LinkKey>> readInLinks(String calleeName, long fromMillis, long toMillis,
        io.pinscope.storage.StatisticsResolution resolution) {
      return delegate.readInLinks(calleeName, fromMillis, toMillis, resolution);
    }

    @Override
    public Set<HostMapping> readHostMappings(String callerName, long fromMillis, long toMillis) {
      return delegate.readHostMappings(callerName, fromMillis, toMillis);
    }

    @Override
    public List<StatisticsBatch.SlotMapping> readHostMappingSlots(String callerName, long fromMillis, long toMillis) {
      return delegate.readHostMappingSlots(callerName, fromMillis, toMillis);
    }

    @Override
    public List<SlotValue<io.pinscope.model.UriKey>> readUris(String application, long fromMillis, long toMillis,
        io.pinscope.storage.StatisticsResolution resolution) {
      return delegate.readUris(application, fromMillis, toMillis, resolution);
    }

    @Override
    public List<SlotValue<io.pinscope.model.SqlKey>> readSqls(String application, long fromMillis, long toMillis,
        io.pinscope.storage.StatisticsResolution resolution) {
      return delegate.readSqls(application, fromMillis, toMillis, resolution);
    }

    @Override
    public void replace(StatisticsBatch removed, StatisticsBatch added) {
      delegate.replace(removed, added);
    }
  }
}
