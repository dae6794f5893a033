package io.pinscope.calltree;

import static io.pinscope.TestSpans.TRACE_ID;
import static io.pinscope.TestSpans.millisToNanos;
import static io.pinscope.TestSpans.nanos;
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
import static io.pinscope.model.SpanKind.INTERNAL;
import static io.pinscope.model.SpanKind.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pinscope.model.Attributes;
import io.pinscope.model.SpanIds;
import io.pinscope.model.StatusCode;
import io.pinscope.model.StoredSpan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gap, exec, self and exec% of call-tree rows. */
class CallTreeTimingTest {
  @Test
  void threeServices_gapExecSelfMatchHandComputedValues() {
    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, threeServices());

    // See TraceFixtures for the intervals; the root lasts 100 ms, so exec% equals exec in ms.
    assertThat(tree.rows())
        .extracting(CallTreeRow::spanId, r -> ms(r.gapNanos()), r -> ms(r.execNanos()),
            r -> ms(r.selfNanos()), CallTreeRow::execPercent)
        .containsExactly(
            tuple(FRONTEND_SERVER, 0L, 100L, 12L, 100.0), // children cover 5-80 and 82-95
            tuple(FRONTEND_CLIENT, 5L, 75L, 10L, 75.0), // first child: 5 - parent start 0
            tuple(ORDERS_SERVER, 5L, 65L, 9L, 65.0),
            tuple(ORDERS_LOAD, 2L, 28L, 13L, 28.0),
            tuple(ORDERS_DB, 3L, 15L, 15L, 15.0),
            tuple(ORDERS_CLIENT, 2L, 28L, 5L, 28.0), // 42 - end of previous sibling 40
            tuple(PAYMENTS_SERVER, 3L, 23L, 13L, 23.0),
            tuple(PAYMENTS_DB, 5L, 10L, 10L, 10.0),
            tuple(FRONTEND_RENDER, 2L, 13L, 13L, 13.0)); // 82 - end of previous sibling 80
    assertThat(tree.rows().get(0).startEpochNanos()).isEqualTo(nanos(0));
  }

  @Test
  void asyncChildOutlivingItsParent_keepsSelfAndGapSane() {
    List<StoredSpan> spans = List.of(
        span("app", SERVER, 1, SpanIds.NONE, 0, 50).build(),
        span("app", INTERNAL, 2, 1, 10, 120).name("async").build(),
        span("app", INTERNAL, 3, 1, 20, 30).build());

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, spans);

    assertThat(tree.rows())
        .extracting(CallTreeRow::spanId, r -> ms(r.gapNanos()), r -> ms(r.execNanos()),
            r -> ms(r.selfNanos()), CallTreeRow::execPercent)
        .containsExactly(
            tuple(1L, 0L, 50L, 10L, 100.0), // children clipped to [10, 50]
            tuple(2L, 10L, 110L, 110L, 220.0),
            tuple(3L, 0L, 10L, 10L, 20.0)); // starts before its previous sibling ends
  }

  @Test
  void onlyChildOutlivingItsParent_coversFromItsStartToTheParentEnd() {
    List<StoredSpan> spans = List.of(
        span("app", SERVER, 1, SpanIds.NONE, 0, 10).build(),
        span("app", INTERNAL, 2, 1, 4, 100).build());

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, spans);

    assertThat(ms(tree.rows().get(0).selfNanos())).isEqualTo(4);
  }

  @Test
  void overlappingChildren_countTheirUnionOnce() {
    List<StoredSpan> spans = List.of(
        span("app", SERVER, 1, SpanIds.NONE, 0, 50).build(),
        span("app", INTERNAL, 2, 1, 0, 40).build(),
        span("app", INTERNAL, 3, 1, 10, 50).build(),
        span("app", INTERNAL, 4, 1, 15, 20).build());

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, spans);

    assertThat(tree.rows()).extracting(r -> ms(r.selfNanos())).containsExactly(0L, 40L, 40L, 5L);
  }

  @Test
  void disjointChildren_leaveTheHolesAsSelfTime() {
    List<StoredSpan> spans = List.of(
        span("app", SERVER, 1, SpanIds.NONE, 0, 100).build(),
        span("app", INTERNAL, 2, 1, 10, 20).build(),
        span("app", INTERNAL, 3, 1, 15, 30).build(),
        span("app", INTERNAL, 4, 1, 60, 70).build(),
        span("app", INTERNAL, 5, 1, 90, 100).build());

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, spans);

    // covered: [10, 30] + [60, 70] + [90, 100] = 40
    assertThat(ms(tree.rows().get(0).selfNanos())).isEqualTo(60);
    assertThat(tree.rows()).extracting(r -> ms(r.gapNanos())).containsExactly(0L, 10L, 0L, 30L, 20L);
  }

  @Test
  void childStartingBeforeItsParent_hasNoGapAndIsClipped() {
    List<StoredSpan> spans = List.of(
        span("app", SERVER, 1, SpanIds.NONE, 10, 20).build(),
        span("app", INTERNAL, 2, 1, 5, 15).build());

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, spans);

    assertThat(tree.rows()).extracting(r -> ms(r.gapNanos()), r -> ms(r.selfNanos()))
        .containsExactly(tuple(0L, 5L), tuple(0L, 10L));
  }

  @Test
  void zeroLengthRoot_hasZeroExecPercent() {
    List<StoredSpan> spans = List.of(
        span("app", SERVER, 1, SpanIds.NONE, 10, 10).build(),
        span("app", INTERNAL, 2, 1, 10, 10).build());

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, spans);

    assertThat(tree.rows()).extracting(CallTreeRow::execPercent, CallTreeRow::selfNanos)
        .containsExactly(tuple(0.0, 0L), tuple(0.0, 0L));
  }

  @Test
  void orphanSubtree_execPercentIsRelativeToItsOwnRoot() {
    List<StoredSpan> spans = List.of(
        span("app", SERVER, 1, SpanIds.NONE, 0, 1000).build(),
        span("app", INTERNAL, 2, 77, 0, 40).build(),
        span("app", INTERNAL, 3, 2, 0, 10).build());

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, spans);

    assertThat(tree.rows()).extracting(CallTreeRow::spanId, CallTreeRow::execPercent)
        .containsExactly(tuple(1L, 100.0), tuple(2L, 100.0), tuple(3L, 25.0));
  }

  @Test
  void errorStatusAndExceptionEvent_areFlagged() {
    List<StoredSpan> spans = List.of(
        span("app", SERVER, 1, SpanIds.NONE, 0, 10).status(StatusCode.ERROR, "boom")
            .addEvent(StoredSpan.Event.of("exception", nanos(5),
                Attributes.of("exception.type", "java.lang.IllegalStateException")))
            .build(),
        span("app", INTERNAL, 2, 1, 1, 2).status(StatusCode.OK, "")
            .addEvent(StoredSpan.Event.of("cache.miss", nanos(1), Attributes.empty())).build());

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, spans);

    assertThat(tree.rows()).extracting(CallTreeRow::error, CallTreeRow::hasException)
        .containsExactly(tuple(true, true), tuple(false, false));
  }

  private static long ms(long nanos) {
    assertThat(nanos % millisToNanos(1)).as("whole milliseconds").isZero();
    return nanos / millisToNanos(1);
  }
}
