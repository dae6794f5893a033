package io.pinscope.calltree;

import static io.pinscope.TestSpans.TRACE_ID;
import static io.pinscope.TestSpans.shuffled;
import static io.pinscope.TestSpans.span;
import static io.pinscope.calltree.TraceFixtures.FRONTEND_CLIENT;
import static io.pinscope.calltree.TraceFixtures.FRONTEND_RENDER;
import static io.pinscope.calltree.TraceFixtures.FRONTEND_SERVER;
import static io.pinscope.calltree.TraceFixtures.ORDERS_CLIENT;
import static io.pinscope.calltree.TraceFixtures.ORDERS_DB;
import static io.pinscope.calltree.TraceFixtures.ORDERS_LOAD;
import static io.pinscope.calltree.TraceFixtures.ORDERS_SERVER;
import static io.pinscope.calltree.TraceFixtures.PAYMENTS_DB;
import static io.pinscope.calltree.TraceFixtures.PAYMENTS_SERVER;
import static io.pinscope.calltree.TraceFixtures.threeServices;
import static io.pinscope.calltree.TraceFixtures.threeServicesWithout;
import static io.pinscope.model.SpanKind.INTERNAL;
import static io.pinscope.model.SpanKind.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pinscope.model.SpanIds;
import io.pinscope.model.StoredSpan;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Missing spans, several roots and malformed parent links: nothing is dropped, orphans are marked. */
class CallTreeOrphanTest {
  @Test
  void missingMiddleSpan_childrenBecomeMarkedOrphansAfterTheRoot() {
    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, threeServicesWithout(ORDERS_SERVER));

    assertThat(tree.rows())
        .extracting(CallTreeRow::depth, CallTreeRow::spanId, CallTreeRow::entry, CallTreeRow::orphan)
        .containsExactly(
            tuple(0, FRONTEND_SERVER, true, false),
            tuple(1, FRONTEND_CLIENT, false, false),
            tuple(1, FRONTEND_RENDER, false, false),
            tuple(0, ORDERS_LOAD, true, true),
            tuple(1, ORDERS_DB, false, true),
            tuple(0, ORDERS_CLIENT, true, true),
            tuple(1, PAYMENTS_SERVER, true, true),
            tuple(2, PAYMENTS_DB, false, true));
    assertThat(tree.pinpointSpans())
        .extracting(PinpointSpan::spanId, PinpointSpan::orphan, PinpointSpan::parentSpanId,
            PinpointSpan::callerSpanId, s -> s.events().size())
        .containsExactly(
            tuple(FRONTEND_SERVER, false, SpanIds.NONE, SpanIds.NONE, 2),
            tuple(ORDERS_LOAD, true, ORDERS_SERVER, SpanIds.NONE, 1),
            tuple(ORDERS_CLIENT, true, ORDERS_SERVER, SpanIds.NONE, 0),
            tuple(PAYMENTS_SERVER, false, ORDERS_CLIENT, ORDERS_CLIENT, 1));
    assertThat(tree.spanCount()).isEqualTo(8);
    assertThat(tree.orphanCount()).isEqualTo(2);
    assertThat(tree.complete()).isFalse();
  }

  @Test
  void missingRootSpan_treeIsIncomplete() {
    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, threeServicesWithout(FRONTEND_SERVER));

    assertThat(tree.rows()).extracting(CallTreeRow::spanId, CallTreeRow::depth, CallTreeRow::orphan)
        .startsWith(tuple(FRONTEND_CLIENT, 0, true), tuple(ORDERS_SERVER, 1, true))
        .contains(tuple(FRONTEND_RENDER, 0, true));
    assertThat(tree.rows()).allMatch(CallTreeRow::orphan);
    assertThat(tree.spanCount()).isEqualTo(8);
    assertThat(tree.orphanCount()).isEqualTo(2);
    assertThat(tree.complete()).isFalse();
  }

  @Test
  void enteredThroughPinpointHeaders_theEntryIsTheRootUnderACallerRow_andTheTraceIsComplete() {
    // A Pinpoint agent called frontend: its span never reaches Pinscope; frontend's pp has no sid.
    List<StoredSpan> spans = threeServices().stream().map(s -> s.spanId() != FRONTEND_SERVER ? s
        : s.toBuilder().parentSpanId(-7_000L).flags(0x301)
            .traceState("pp=app:legacy;type:1010;tx:legacy-1^1700000000000^5;ps:-1").build()).toList();

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, shuffled(spans, new Random(5)));

    assertThat(tree.rows().get(0)).satisfies(caller -> {
      assertThat(caller.caller()).isTrue();
      assertThat(caller.depth()).isZero();
      assertThat(caller.spanId()).isEqualTo(-7_000L);
      assertThat(caller.applicationName()).isEqualTo("legacy");
      assertThat(caller.agentId()).isEmpty();
      assertThat(caller.method()).isEqualTo("called by legacy (a Pinpoint agent)");
      assertThat(caller.execNanos()).isEqualTo(spans.get(0).durationNanos());
      assertThat(caller.entry() || caller.orphan()).isFalse();
    });
    assertThat(tree.rows().subList(1, tree.rows().size()))
        .extracting(CallTreeRow::spanId, CallTreeRow::depth, CallTreeRow::orphan, CallTreeRow::caller)
        .startsWith(tuple(FRONTEND_SERVER, 1, false, false), tuple(FRONTEND_CLIENT, 2, false, false),
            tuple(ORDERS_SERVER, 3, false, false));
    assertThat(tree.rows()).noneMatch(CallTreeRow::orphan);
    assertThat(tree.spanCount()).isEqualTo(9);
    assertThat(tree.orphanCount()).isZero();
    assertThat(tree.complete()).isTrue();
  }

  @Test
  void uninstrumentedCallerForwardingTraceparent_theEarliestEntryIsTheRoot_underAnUnknownCallerRow() {
    // Only orders and payments are instrumented; a proxy in front forwarded traceparent.
    List<StoredSpan> spans = threeServicesWithout(FRONTEND_SERVER).stream()
        .filter(s -> !s.applicationName().equals("frontend")).toList();

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, spans);

    assertThat(tree.rows()).extracting(CallTreeRow::spanId, CallTreeRow::depth, CallTreeRow::caller,
            CallTreeRow::applicationName, CallTreeRow::orphan)
        .startsWith(tuple(FRONTEND_CLIENT, 0, true, "", false), tuple(ORDERS_SERVER, 1, false, "orders", false));
    assertThat(tree.rows().get(0).method()).isEqualTo("called from outside (no span of the caller is stored)");
    assertThat(tree.complete()).isTrue();
  }

  @Test
  void missingMiddleSpan_isStillAnOrphan_evenWithAPinpointEntryBelowARoot() {
    List<StoredSpan> spans = threeServicesWithout(ORDERS_CLIENT).stream().map(s -> s.spanId() != PAYMENTS_SERVER
        ? s : s.toBuilder().traceState("pp=app:orders;type:1010;tx:o^1^2;ps:-1").build()).toList();

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, spans);

    // A pp from Pinpoint headers says the caller is outside: so payments is a root under a caller row.
    assertThat(tree.rows()).filteredOn(CallTreeRow::caller).extracting(CallTreeRow::applicationName)
        .containsExactly("orders");
    assertThat(tree.complete()).isTrue();
    // Without it, the same gap is an orphan: the caller's span is lost, not outside.
    CallTree plain = CallTreeAssembler.assemble(TRACE_ID, threeServicesWithout(ORDERS_CLIENT));
    assertThat(plain.rows()).noneMatch(CallTreeRow::caller);
    assertThat(plain.complete()).isFalse();
  }

  @Test
  void orphanSubtrees_followTheRootsInStartOrder() {
    List<StoredSpan> spans = List.of(
        span("app", SERVER, 1, SpanIds.NONE, 50, 60).build(),
        span("app", INTERNAL, 2, 100, 30, 40).build(),
        span("app", INTERNAL, 3, 101, 20, 25).build(),
        span("app", INTERNAL, 4, 3, 21, 22).build());

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, shuffled(spans, new Random(1)));

    assertThat(tree.rows()).extracting(CallTreeRow::spanId, CallTreeRow::depth, CallTreeRow::orphan)
        .containsExactly(tuple(1L, 0, false), tuple(3L, 0, true), tuple(4L, 1, true),
            tuple(2L, 0, true));
  }

  @Test
  void severalRoots_areOrderedByStartAndComplete() {
    List<StoredSpan> spans = List.of(
        span("b", SERVER, 20, SpanIds.NONE, 10, 20).build(),
        span("a", SERVER, 10, SpanIds.NONE, 5, 30).build(),
        span("a", INTERNAL, 11, 10, 6, 7).build());

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, spans);

    assertThat(tree.rows()).extracting(CallTreeRow::spanId, CallTreeRow::depth, CallTreeRow::gapNanos)
        .containsExactly(tuple(10L, 0, 0L), tuple(11L, 1, 1_000_000L), tuple(20L, 0, 0L));
    assertThat(tree.pinpointSpans()).extracting(PinpointSpan::spanId).containsExactly(10L, 20L);
    assertThat(tree.complete()).isTrue();
  }

  @Test
  void parentLinkCycle_isCutAboveItsEarliestSpanAndKept() {
    List<StoredSpan> spans = List.of(
        span("app", SERVER, 1, SpanIds.NONE, 0, 10).build(),
        span("app", INTERNAL, 5, 6, 20, 30).build(),
        span("app", INTERNAL, 6, 7, 15, 30).build(),
        span("app", INTERNAL, 7, 5, 25, 30).build(),
        span("app", INTERNAL, 8, 7, 26, 27).build());

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, shuffled(spans, new Random(3)));

    assertThat(tree.rows())
        .extracting(CallTreeRow::spanId, CallTreeRow::depth, CallTreeRow::orphan, CallTreeRow::entry)
        .containsExactly(
            tuple(1L, 0, false, true),
            tuple(6L, 0, true, true),
            tuple(5L, 1, true, false),
            tuple(7L, 2, true, false),
            tuple(8L, 3, true, false));
    assertThat(tree.pinpointSpans()).extracting(PinpointSpan::spanId, PinpointSpan::orphan)
        .containsExactly(tuple(1L, false), tuple(6L, true));
    assertThat(tree.orphanCount()).isEqualTo(1);
    assertThat(tree.complete()).isFalse();
  }

  @Test
  void cycleEnteredFromBelow_isCutOnTheCycleNotAtTheEntry() {
    // 9 hangs below the cycle 5 -> 6 -> 5 and starts first; the cut still happens on the cycle.
    List<StoredSpan> spans = List.of(
        span("app", INTERNAL, 5, 6, 20, 30).build(),
        span("app", INTERNAL, 6, 5, 25, 30).build(),
        span("app", INTERNAL, 9, 6, 1, 2).build());

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, spans);

    assertThat(tree.rows()).extracting(CallTreeRow::spanId, CallTreeRow::depth)
        .containsExactly(tuple(5L, 0), tuple(6L, 1), tuple(9L, 2));
    assertThat(tree.orphanCount()).isEqualTo(1);
  }

  @Test
  void spanThatIsItsOwnParent_becomesAnOrphanRoot() {
    List<StoredSpan> spans = List.of(
        span("app", SERVER, 1, SpanIds.NONE, 0, 10).build(),
        span("app", INTERNAL, 2, 2, 3, 4).build(),
        span("app", INTERNAL, 3, 2, 3, 4).build());

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, spans);

    assertThat(tree.rows()).extracting(CallTreeRow::spanId, CallTreeRow::depth, CallTreeRow::orphan)
        .containsExactly(tuple(1L, 0, false), tuple(2L, 0, true), tuple(3L, 1, true));
    assertThat(tree.complete()).isFalse();
  }

  @Test
  void orphansOnly_includingTwoCycles_allSpansKept() {
    List<StoredSpan> spans = List.of(
        span("app", INTERNAL, 1, 2, 0, 10).build(),
        span("app", INTERNAL, 2, 1, 1, 10).build(),
        span("app", INTERNAL, 3, 4, 5, 10).build(),
        span("app", INTERNAL, 4, 3, 2, 10).build(),
        span("app", INTERNAL, 5, 42, 3, 10).build());

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, spans);

    assertThat(tree.rows()).extracting(CallTreeRow::spanId, CallTreeRow::depth)
        .containsExactly(tuple(1L, 0), tuple(2L, 1), tuple(4L, 0), tuple(3L, 1), tuple(5L, 0));
    assertThat(tree.rows()).allMatch(CallTreeRow::orphan);
    assertThat(tree.orphanCount()).isEqualTo(3);
  }
}
