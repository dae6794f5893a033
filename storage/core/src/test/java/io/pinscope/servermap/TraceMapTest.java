package io.pinscope.servermap;

import static io.pinscope.TestSpans.span;
import static io.pinscope.model.SpanKind.CLIENT;
import static io.pinscope.model.SpanKind.INTERNAL;
import static io.pinscope.model.SpanKind.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.TestSpans;
import io.pinscope.model.Attributes;
import io.pinscope.model.HostMapping;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SpanIds;
import io.pinscope.model.StoredSpan;
import io.pinscope.storage.StatisticsBatch;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The caller rules ({@link MapContributions}, {@link CallerRules}) applied to whole traces ({@link TraceMap}),
 * as the per-transaction map and the statistics rebuild see them.
 */
class TraceMapTest {
  private static final int JAVA = ServiceTypeRegistry.JAVA.code();
  private static final int GO = ServiceTypeRegistry.GO.code();
  private static final Map<String, Integer> TYPES = Map.of("web", JAVA, "api", GO);
  private static final long SLOT = SlotValue.slotOf(TestSpans.EPOCH_NANOS / 1_000_000L);

  /** Links as {@code caller(type)->callee(type)=calls/errors}, host-map entries as {@code caller@host->acceptor}. */
  private static List<String> map(List<StoredSpan> spans) {
    StatisticsAccumulator out = new StatisticsAccumulator();
    TraceMap.contribute(TestSpans.shuffled(spans, new Random(3)), TYPES::get, out);
    StatisticsBatch b = out.toBatch();
    List<String> lines = b.links().stream().map(l -> l.key().callerName() + "(" + l.key().callerTypeCode() + ")->"
        + l.key().calleeName() + "(" + l.key().calleeTypeCode() + ")=" + l.histogram().totalCount() + "/"
        + l.histogram().errorCount() + " avg " + (long) l.histogram().averageMillis()).collect(Collectors.toList());
    b.hostMappings().forEach(m -> lines.add(m.mapping().callerName() + "@" + m.mapping().host() + "->"
        + m.mapping().acceptorName()));
    return lines;
  }

  private static StoredSpan root() {
    return span("web", SERVER, 1, SpanIds.NONE, 0, 100).build();
  }

  private static StoredSpan client() {
    return span("web", CLIENT, 2, 1, 10, 90).attributes(Attributes.of("server.address", "api", "server.port", 80L))
        .build();
  }

  private static StoredSpan.Builder server(long parent) {
    return span("api", SERVER, 3, parent, 20, 80).flags(0x301)
        .attributes(Attributes.of("server.address", "api", "server.port", 80L));
  }

  @Test
  void clientAndServer_pair_withTheClientsTime_andRecordTheHostMap() {
    assertThat(map(List.of(root(), client(), server(2).build()))).containsExactlyInAnyOrder(
        "web(2)->web(1001)=1/0 avg 100", "web(1001)->api(1800)=1/0 avg 80", "web@api:80->api");
  }

  @Test
  void parentThatIsNoClientSpan_isTheCaller_withTheServersTime() {
    // web's HTTP client is not instrumented: api's parent is web's root SERVER span.
    assertThat(map(List.of(root(), server(1).build()))).containsExactlyInAnyOrder(
        "web(2)->web(1001)=1/0 avg 100", "web(1001)->api(1800)=1/0 avg 60", "web@api:80->api");
  }

  @Test
  void parentOfTheSameAgent_withoutRemotenessFlags_makesNoLink() {
    StoredSpan inner = span("api", SERVER, 4, 3, 30, 40).build();

    assertThat(map(List.of(server(2).build(), inner))).noneMatch(l -> l.startsWith("api(1800)->api"));
  }

  @Test
  void pinpointCallerOutsideTheStore_isNamedByPp_withItsType() {
    StoredSpan entered = server(-9).traceState("pp=app:legacy;type:1010;tx:l^1^2;ps:-9").build();

    assertThat(map(List.of(entered))).containsExactlyInAnyOrder("legacy(1010)->api(1800)=1/0 avg 60",
        "legacy@api:80->api");
  }

  @Test
  void pinpointSpringBootCaller_keepsItsType() {
    // A Pinpoint agent in a Spring Boot application sends Pinpoint-pAppType: 1210.
    StoredSpan entered = server(-9).traceState("pp=app:boot;type:1210;tx:b^1^2;ps:-9").build();

    assertThat(map(List.of(entered))).contains("boot(1210)->api(1800)=1/0 avg 60");
    assertThat(ServiceTypeRegistry.ofCode(1210)).isEqualTo(ServiceTypeRegistry.SPRING_BOOT);
  }

  @Test
  void freshPp_callerSpanLost_namesTheCaller() {
    StoredSpan entered = server(2).traceState("pp=app:web;type:1001;tx:w^1^2;sid:" + SpanIds.toHex(2)).build();

    assertThat(map(List.of(root(), entered))).contains("web(1001)->api(1800)=1/0 avg 60");
  }

  @Test
  void stalePp_passedAlong_namesNobody_theUnknownCallerDoes() {
    StoredSpan entered = server(2).traceState("pp=app:gateway;type:1001;tx:w^1^2;sid:" + SpanIds.toHex(77))
        .build();

    assertThat(map(List.of(root(), entered))).containsExactlyInAnyOrder("web(2)->web(1001)=1/0 avg 100",
        "api(" + ServiceTypeRegistry.UNKNOWN_CALLER.code() + ")->api(1800)=1/0 avg 60", "@api:80->api");
  }

  @Test
  void clientNobodyAnswered_linksToItsExternalHost() {
    assertThat(map(List.of(root(), client()))).containsExactlyInAnyOrder("web(2)->web(1001)=1/0 avg 100",
        "web(1001)->api:80(" + ServiceTypeRegistry.OPENTELEMETRY_CLIENT.code() + ")=1/0 avg 80");
  }

  @Test
  void twoServersNamingOneClient_aRetriedRequest_countTheCallOnce() {
    StoredSpan retry = server(2).spanId(5).build();

    assertThat(map(List.of(root(), client(), server(2).build(), retry)))
        .filteredOn(l -> l.startsWith("web(1001)->api")).containsExactly("web(1001)->api(1800)=1/0 avg 80");
  }

  @Test
  void hostMapping_isInTheClientsSlot_forACallAcrossAMinute() {
    long next = SLOT + SlotValue.SLOT_MILLIS - TestSpans.EPOCH_NANOS / 1_000_000L;
    StoredSpan early = span("web", CLIENT, 2, 1, next - 5, next + 50)
        .attributes(Attributes.of("server.address", "api", "server.port", 80L)).build();
    StoredSpan late = span("api", SERVER, 3, 2, next + 1, next + 40).flags(0x301).build();
    StatisticsAccumulator out = new StatisticsAccumulator();

    TraceMap.contribute(List.of(early, late), TYPES::get, out);

    assertThat(out.toBatch().hostMappings()).containsExactly(new StatisticsBatch.SlotMapping(SLOT,
        new HostMapping("web", "api:80", "api", GO)));
  }
}
