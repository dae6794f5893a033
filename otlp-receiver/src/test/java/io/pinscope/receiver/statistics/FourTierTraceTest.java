package io.pinscope.receiver.statistics;

import static io.pinscope.receiver.statistics.FourTierTraces.A;
import static io.pinscope.receiver.statistics.FourTierTraces.A_TYPE;
import static io.pinscope.receiver.statistics.FourTierTraces.B;
import static io.pinscope.receiver.statistics.FourTierTraces.BROKER;
import static io.pinscope.receiver.statistics.FourTierTraces.B_HOST;
import static io.pinscope.receiver.statistics.FourTierTraces.B_TYPE;
import static io.pinscope.receiver.statistics.FourTierTraces.DATABASE;
import static io.pinscope.receiver.statistics.FourTierTraces.DATABASE_HOST;
import static io.pinscope.receiver.statistics.FourTierTraces.EXTERNAL_HOST;
import static io.pinscope.receiver.statistics.FourTierTraces.SLOT;
import static io.pinscope.receiver.statistics.FourTierTraces.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.MutableClock;
import io.pinscope.model.Histogram;
import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.SelfKey;
import io.pinscope.model.ServiceType;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SpanIds;
import io.pinscope.model.StoredSpan;
import io.pinscope.receiver.statistics.FourTierTraces.Trace;
import io.pinscope.servermap.HostMapResolver;
import io.pinscope.servermap.ResolvedLink;
import io.pinscope.storage.MapStatistics;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The 4-tier trace through the aggregator into the memory engine, read back through {@link MapStatistics},
 * for each of the three ways to resolve the A → B callee.
 */
class FourTierTraceTest {
  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final long TO = SLOT + SlotValue.SLOT_MILLIS;
  /** A {@code pp} entry from Pinpoint headers: no {@code sid}. */
  private static final String PP = "pp=app:frontend;type:1001;tx:agent-1^1700000000000^42;ps:-1,vendor=x";
  private static final Duration LATE = Duration.ofSeconds(60);

  private static final SlotValue<LinkKey> USER_TO_A = new SlotValue<>(SLOT,
      new LinkKey(A, ServiceTypeRegistry.USER.code(), A, A_TYPE.code(), ""), FourTierTraces.rootHistogram());
  private static final SlotValue<LinkKey> A_TO_EXTERNAL = new SlotValue<>(SLOT,
      new LinkKey(A, A_TYPE.code(), EXTERNAL_HOST, ServiceTypeRegistry.OPENTELEMETRY_CLIENT.code(),
          EXTERNAL_HOST),
      FourTierTraces.externalHistogram());
  private static final SlotValue<LinkKey> B_TO_DATABASE = new SlotValue<>(SLOT,
      new LinkKey(B, B_TYPE.code(), DATABASE, ServiceTypeRegistry.MYSQL.code(), DATABASE_HOST),
      FourTierTraces.dbHistogram());
  private static final SlotValue<LinkKey> B_TO_KAFKA = new SlotValue<>(SLOT,
      new LinkKey(B, B_TYPE.code(), TOPIC, ServiceTypeRegistry.KAFKA.code(), BROKER),
      FourTierTraces.kafkaHistogram());
  private static final LinkKey A_TO_B = new LinkKey(A, A_TYPE.code(), B, B_TYPE.code(), B_HOST);

  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final Storage storage = Storage.open(StorageConfig.builder().engine("memory").build());
  private final MapStatistics stats = storage.statistics();

  @AfterEach
  void closeStorage() {
    storage.close();
  }

  private StatisticsAggregator aggregator(Duration window) {
    return new StatisticsAggregator(stats, storage.traces(), new StatisticsConfig(window, LATE, 1_000), clock);
  }

  /** As the ingest pipeline does: spans are stored before the aggregator sees them. */
  private void accept(StatisticsAggregator aggregator, ServiceType type, List<StoredSpan> spans) {
    storage.traces().write(spans);
    aggregator.accept(type, spans);
  }

  @Test
  void fixture_exercisesEveryBandAndErrors() {
    Histogram client = FourTierTraces.clientHistogram();
    assertThat(client.successCounts()).containsExactly(2, 1, 1, 1);
    assertThat(client.errorCounts()).containsExactly(1, 0, 1, 0);
    Histogram server = FourTierTraces.serverHistogram();
    assertThat(server.successCounts()).containsExactly(4, 0, 1, 1);
    assertThat(server.errorCounts()).containsExactly(0, 1, 0, 0);
    Histogram root = FourTierTraces.rootHistogram();
    assertThat(root.successCounts()).containsExactly(2, 1, 0, 2);
    assertThat(root.errorCounts()).containsExactly(1, 0, 1, 0);
  }

  @Test
  void pairing_clientHalvesFirst() {
    StatisticsAggregator aggregator = aggregator(WINDOW);
    List<Trace> traces = FourTierTraces.traces("");
    traces.forEach(t -> accept(aggregator, A_TYPE, t.aSpans()));
    traces.forEach(t -> accept(aggregator, B_TYPE, t.bSpans()));

    aggregator.flush();
    // Pairs are written at once; the calls to the external host still wait for a server half.
    assertThat(stats.readInLinks(B, SLOT, TO)).containsExactly(
        new SlotValue<>(SLOT, A_TO_B, FourTierTraces.clientHistogram()));
    assertThat(stats.readInLinks(EXTERNAL_HOST, SLOT, TO)).isEmpty();
    assertThat(aggregator.snapshot().pairs()).isEqualTo(7);
    assertThat(aggregator.snapshot().pendingPairs()).isEqualTo(7);

    clock.advance(WINDOW);
    aggregator.flush();

    assertMap(new SlotValue<>(SLOT, A_TO_B, FourTierTraces.clientHistogram()));
    assertThat(stats.readHostMappings(A, SLOT, TO)).containsExactly(new HostMapping(A, B_HOST, B, B_TYPE.code()));
    assertThat(aggregator.snapshot().pendingPairs()).isZero();
    assertThat(aggregator.snapshot().expiredUnpaired()).isEqualTo(7);
  }

  @Test
  void pairing_serverHalvesFirst() {
    StatisticsAggregator aggregator = aggregator(WINDOW);
    List<Trace> traces = FourTierTraces.traces("");
    traces.forEach(t -> accept(aggregator, B_TYPE, t.bSpans()));
    aggregator.flush();
    clock.advance(WINDOW.minusMillis(1));
    traces.forEach(t -> accept(aggregator, A_TYPE, t.aSpans()));

    aggregator.flush();
    clock.advance(WINDOW);
    aggregator.flush();

    assertMap(new SlotValue<>(SLOT, A_TO_B, FourTierTraces.clientHistogram()));
    assertThat(stats.readHostMappings(A, SLOT, TO)).containsExactly(new HostMapping(A, B_HOST, B, B_TYPE.code()));
    assertThat(stats.readHostMappings("", SLOT, TO)).isEmpty();
    assertThat(aggregator.snapshot().pairs()).isEqualTo(7);
  }

  @Test
  void ppTraceState_clientSpanNeverArrives_linksTheNamedCaller_withTheServerHistogram() {
    StatisticsAggregator aggregator = aggregator(WINDOW);
    List<Trace> traces = FourTierTraces.traces(PP);
    traces.forEach(t -> accept(aggregator, A_TYPE, t.aSpansWithoutClientToB()));
    traces.forEach(t -> accept(aggregator, B_TYPE, t.bSpans()));

    aggregator.flush();
    assertThat(stats.readInLinks(B, SLOT, TO)).isEmpty();
    clock.advance(WINDOW);
    aggregator.flush();

    assertMap(new SlotValue<>(SLOT, A_TO_B, FourTierTraces.serverHistogram()));
    assertThat(stats.readHostMappings(A, SLOT, TO)).containsExactly(new HostMapping(A, B_HOST, B, B_TYPE.code()));
    assertThat(aggregator.snapshot().pairs()).isZero();
  }

  @Test
  void ppTraceState_clientSpanArrivesToo_isCountedOnce_throughThePair() {
    StatisticsAggregator aggregator = aggregator(WINDOW);
    List<Trace> traces = FourTierTraces.traces(PP);
    traces.forEach(t -> accept(aggregator, B_TYPE, t.bSpans()));
    traces.forEach(t -> accept(aggregator, A_TYPE, t.aSpans()));

    clock.advance(WINDOW);
    aggregator.flush();

    assertMap(new SlotValue<>(SLOT, A_TO_B, FourTierTraces.clientHistogram()));
    assertThat(aggregator.snapshot().pairs()).isEqualTo(7);
  }

  @Test
  void pairingDisabled_storesTheExternalLinkAndAHostMapping_whichTheHostMapResolves() {
    StatisticsAggregator aggregator = aggregator(Duration.ZERO);
    List<Trace> traces = FourTierTraces.traces("");
    traces.forEach(t -> accept(aggregator, A_TYPE, t.aSpans()));
    traces.forEach(t -> accept(aggregator, B_TYPE, t.bSpans()));

    aggregator.flush();

    SlotValue<LinkKey> aToHost = new SlotValue<>(SLOT,
        new LinkKey(A, A_TYPE.code(), B_HOST, ServiceTypeRegistry.OPENTELEMETRY_CLIENT.code(), B_HOST),
        FourTierTraces.clientHistogram());
    assertSelfAndTerminalLinks();
    List<SlotValue<LinkKey>> outLinks = stats.readOutLinks(A, SLOT, TO);
    assertThat(outLinks).containsExactlyInAnyOrder(USER_TO_A, aToHost, A_TO_EXTERNAL);
    assertThat(stats.readInLinks(B, SLOT, TO)).isEmpty();
    // B's servers found A's client spans in the store: the host map names B as the acceptor of A's calls.
    assertThat(stats.readHostMappings(A, SLOT, TO)).containsExactly(new HostMapping(A, B_HOST, B, B_TYPE.code()));
    assertThat(stats.readHostMappings("", SLOT, TO)).isEmpty();
    assertThat(aggregator.snapshot().pendingPairs()).isZero();
    assertThat(aggregator.snapshot().latePairs()).isEqualTo(7);

    Set<HostMapping> mappings = new HashSet<>(stats.readHostMappings(A, SLOT, TO));
    mappings.addAll(stats.readHostMappings("", SLOT, TO));
    assertThat(HostMapResolver.resolve(outLinks, mappings)).containsExactlyInAnyOrder(
        ResolvedLink.of(USER_TO_A),
        ResolvedLink.of(new SlotValue<>(SLOT, A_TO_B, FourTierTraces.clientHistogram())),
        ResolvedLink.of(A_TO_EXTERNAL));
  }

  @Test
  void slowCallerExporter_theServerWaitsLate_andPairsWithTheClientWhenItArrives() {
    StatisticsAggregator aggregator = aggregator(WINDOW);
    List<Trace> traces = FourTierTraces.traces("");
    traces.forEach(t -> accept(aggregator, B_TYPE, t.bSpans()));
    clock.advance(WINDOW);
    aggregator.flush(); // B's servers look their parents up: not stored yet, so they wait late
    assertThat(stats.readInLinks(B, SLOT, TO)).isEmpty();

    traces.forEach(t -> accept(aggregator, A_TYPE, t.aSpans()));
    clock.advance(WINDOW);
    aggregator.flush();

    assertMap(new SlotValue<>(SLOT, A_TO_B, FourTierTraces.clientHistogram()));
    assertThat(aggregator.snapshot().latePairs()).isEqualTo(7);
    assertThat(aggregator.snapshot().unknownCallers()).isZero();
    assertThat(aggregator.snapshot().pendingPairs()).isZero();
  }

  @Test
  void slowCalleeExporter_theClientLinksToTheExternalHost_andTheLateServerAddsTheHostMappingThatResolvesIt() {
    StatisticsAggregator aggregator = aggregator(WINDOW);
    List<Trace> traces = FourTierTraces.traces("");
    traces.forEach(t -> accept(aggregator, A_TYPE, t.aSpans()));
    clock.advance(WINDOW);
    aggregator.flush();
    traces.forEach(t -> accept(aggregator, B_TYPE, t.bSpans()));
    clock.advance(WINDOW);
    aggregator.flush(); // B's servers find A's client spans in the store

    SlotValue<LinkKey> aToHost = new SlotValue<>(SLOT,
        new LinkKey(A, A_TYPE.code(), B_HOST, ServiceTypeRegistry.OPENTELEMETRY_CLIENT.code(), B_HOST),
        FourTierTraces.clientHistogram());
    List<SlotValue<LinkKey>> outLinks = stats.readOutLinks(A, SLOT, TO);
    assertThat(outLinks).containsExactlyInAnyOrder(USER_TO_A, aToHost, A_TO_EXTERNAL);
    assertThat(stats.readInLinks(B, SLOT, TO)).isEmpty();
    assertThat(HostMapResolver.resolve(outLinks, stats.readHostMappings(A, SLOT, TO))).containsExactlyInAnyOrder(
        ResolvedLink.of(USER_TO_A),
        ResolvedLink.of(new SlotValue<>(SLOT, A_TO_B, FourTierTraces.clientHistogram())),
        ResolvedLink.of(A_TO_EXTERNAL));
    assertThat(aggregator.snapshot().latePairs()).isEqualTo(7);
    assertThat(aggregator.snapshot().unknownCallers()).isZero();
  }

  @Test
  void freshPp_clientSpanNeverArrives_namesItsCallerOnlyAtTheLastChance() {
    StatisticsAggregator aggregator = aggregator(WINDOW);
    List<Trace> traces = FourTierTraces.traces((clientId, rootId) ->
        "pp=app:" + A + ";type:1001;tx:a^1^2;sid:" + SpanIds.toHex(clientId));
    traces.forEach(t -> accept(aggregator, A_TYPE, t.aSpansWithoutClientToB()));
    traces.forEach(t -> accept(aggregator, B_TYPE, t.bSpans()));
    clock.advance(WINDOW);
    aggregator.flush();
    assertThat(stats.readInLinks(B, SLOT, TO)).isEmpty();

    clock.advance(LATE);
    aggregator.flush();

    assertMap(new SlotValue<>(SLOT, A_TO_B, FourTierTraces.serverHistogram()));
    assertThat(aggregator.snapshot().unknownCallers()).isZero();
  }

  @Test
  void stalePp_passedAlongUnchanged_neverNamesACaller_theUnknownCallerDoes() {
    StatisticsAggregator aggregator = aggregator(WINDOW);
    // The entry was written by A's root span, an earlier hop: an SDK passed it along unchanged.
    List<Trace> traces = FourTierTraces.traces((clientId, rootId) ->
        "pp=app:" + A + ";type:1001;tx:a^1^2;sid:" + SpanIds.toHex(rootId));
    traces.forEach(t -> accept(aggregator, B_TYPE, t.bSpans()));
    clock.advance(WINDOW);
    aggregator.flush();
    clock.advance(LATE);
    aggregator.flush();

    assertThat(stats.readInLinks(B, SLOT, TO)).containsExactly(new SlotValue<>(SLOT,
        new LinkKey(B, ServiceTypeRegistry.UNKNOWN_CALLER.code(), B, B_TYPE.code(), ""),
        FourTierTraces.serverHistogram()));
    assertThat(stats.readOutLinks(A, SLOT, TO)).isEmpty();
    assertThat(stats.readHostMappings("", SLOT, TO)).containsExactly(new HostMapping("", B_HOST, B, B_TYPE.code()));
    assertThat(aggregator.snapshot().unknownCallers()).isEqualTo(7);
  }

  @Test
  void ppWithoutSidOrPs_aSpanThatInjectedByHand_namesNobody() {
    StatisticsAggregator aggregator = aggregator(WINDOW);
    List<Trace> traces = FourTierTraces.traces("pp=app:" + A + ";type:1001;tx:a^1^2");
    traces.forEach(t -> accept(aggregator, B_TYPE, t.bSpans()));
    clock.advance(WINDOW);
    aggregator.flush();
    assertThat(stats.readInLinks(B, SLOT, TO)).isEmpty(); // not trusted at once, as Pinpoint headers are
    clock.advance(LATE);
    aggregator.flush();

    assertThat(stats.readInLinks(B, SLOT, TO)).extracting(l -> l.key().callerTypeCode())
        .containsOnly(ServiceTypeRegistry.UNKNOWN_CALLER.code());
    assertThat(stats.readOutLinks(A, SLOT, TO)).isEmpty();
  }

  @Test
  void clientArrivingAfterItsServersLastChance_addsNoSecondLink() {
    StatisticsAggregator aggregator = aggregator(WINDOW);
    List<Trace> traces = FourTierTraces.traces("");
    traces.forEach(t -> accept(aggregator, B_TYPE, t.bSpans()));
    clock.advance(WINDOW);
    aggregator.flush();
    clock.advance(LATE);
    aggregator.flush(); // B's servers were drawn from the unknown caller

    traces.forEach(t -> accept(aggregator, A_TYPE, List.of(t.clientToB())));
    clock.advance(WINDOW);
    aggregator.flush();

    assertThat(stats.readOutLinks(A, SLOT, TO)).isEmpty();
    assertThat(stats.readInLinks(B, SLOT, TO)).extracting(l -> l.histogram().totalCount()).containsExactly(7L);
    assertThat(aggregator.snapshot().unknownCallers()).isEqualTo(7);
    assertThat(aggregator.snapshot().pendingPairs()).isZero();
  }

  /** Everything that does not depend on how A → B was resolved, and A → B itself. */
  private void assertMap(SlotValue<LinkKey> aToB) {
    assertSelfAndTerminalLinks();
    assertThat(stats.readOutLinks(A, SLOT, TO)).containsExactlyInAnyOrder(USER_TO_A, aToB, A_TO_EXTERNAL);
    assertThat(stats.readInLinks(B, SLOT, TO)).containsExactly(aToB);
  }

  private void assertSelfAndTerminalLinks() {
    assertThat(stats.readSelf(A, SLOT, TO)).containsExactly(new SlotValue<>(SLOT,
        new SelfKey(A, A_TYPE.code(), A + "-1"), FourTierTraces.rootHistogram()));
    assertThat(stats.readSelf(B, SLOT, TO)).containsExactly(new SlotValue<>(SLOT,
        new SelfKey(B, B_TYPE.code(), B + "-1"), FourTierTraces.serverHistogram()));
    assertThat(stats.readInLinks(A, SLOT, TO)).containsExactly(USER_TO_A);
    assertThat(stats.readOutLinks(B, SLOT, TO)).containsExactlyInAnyOrder(B_TO_DATABASE, B_TO_KAFKA);
    assertThat(stats.readInLinks(DATABASE, SLOT, TO)).containsExactly(B_TO_DATABASE);
    assertThat(stats.readInLinks(TOPIC, SLOT, TO)).containsExactly(B_TO_KAFKA);
    assertThat(stats.readInLinks(EXTERNAL_HOST, SLOT, TO)).containsExactly(A_TO_EXTERNAL);
  }
}
