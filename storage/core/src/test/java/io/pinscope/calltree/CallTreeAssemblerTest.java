package io.pinscope.calltree;

import static io.pinscope.TestSpans.OTHER_TRACE_ID;
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
import static io.pinscope.model.SpanKind.CLIENT;
import static io.pinscope.model.SpanKind.INTERNAL;
import static io.pinscope.model.SpanKind.PRODUCER;
import static io.pinscope.model.SpanKind.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.pinscope.model.SpanIds;
import io.pinscope.model.StoredSpan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CallTreeAssemblerTest {
  @Test
  void threeServices_oneVisitPerAgentGraftedUnderItsCaller() {
    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, threeServices());

    assertThat(tree.pinpointSpans())
        .extracting(PinpointSpan::spanId, PinpointSpan::applicationName, PinpointSpan::agentId,
            PinpointSpan::callerSpanId, PinpointSpan::orphan)
        .containsExactly(
            tuple(FRONTEND_SERVER, "frontend", "frontend-1", SpanIds.NONE, false),
            tuple(ORDERS_SERVER, "orders", "orders-1", FRONTEND_CLIENT, false),
            tuple(PAYMENTS_SERVER, "payments", "payments-1", ORDERS_CLIENT, false));
  }

  @Test
  void threeServices_eventsHaveDepthFromEntryAndSequenceInStartOrder() {
    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, threeServices());

    assertThat(tree.pinpointSpans().get(0).events())
        .extracting(e -> e.span().spanId(), PinpointSpanEvent::depth, PinpointSpanEvent::sequence)
        .containsExactly(tuple(FRONTEND_CLIENT, 1, 0), tuple(FRONTEND_RENDER, 1, 1));
    assertThat(tree.pinpointSpans().get(1).events())
        .extracting(e -> e.span().spanId(), PinpointSpanEvent::depth, PinpointSpanEvent::sequence)
        .containsExactly(tuple(ORDERS_LOAD, 1, 0), tuple(ORDERS_DB, 2, 1), tuple(ORDERS_CLIENT, 1, 2));
    assertThat(tree.pinpointSpans().get(2).events())
        .extracting(e -> e.span().spanId(), PinpointSpanEvent::depth, PinpointSpanEvent::sequence)
        .containsExactly(tuple(PAYMENTS_DB, 1, 0));
  }

  @Test
  void threeServices_rowsCrossServicesOneLevelBelowTheCallingEvent() {
    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, threeServices());

    assertThat(tree.rows())
        .extracting(CallTreeRow::depth, CallTreeRow::spanId, CallTreeRow::applicationName,
            CallTreeRow::entry, CallTreeRow::orphan)
        .containsExactly(
            tuple(0, FRONTEND_SERVER, "frontend", true, false),
            tuple(1, FRONTEND_CLIENT, "frontend", false, false),
            tuple(2, ORDERS_SERVER, "orders", true, false),
            tuple(3, ORDERS_LOAD, "orders", false, false),
            tuple(4, ORDERS_DB, "orders", false, false),
            tuple(3, ORDERS_CLIENT, "orders", false, false),
            tuple(4, PAYMENTS_SERVER, "payments", true, false),
            tuple(5, PAYMENTS_DB, "payments", false, false),
            tuple(1, FRONTEND_RENDER, "frontend", false, false));
    assertThat(tree.complete()).isTrue();
    assertThat(tree.orphanCount()).isZero();
    assertThat(tree.spanCount()).isEqualTo(9);
    assertThat(tree.traceId()).isEqualTo(TRACE_ID);
  }

  @Test
  void threeServices_rowsCarryNameArgumentsAndParent() {
    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, threeServices());

    assertThat(tree.rows())
        .extracting(CallTreeRow::method, CallTreeRow::arguments, CallTreeRow::kind,
            CallTreeRow::parentSpanId, CallTreeRow::agentId)
        .containsExactly(
            tuple("GET /checkout", "/checkout", SERVER, SpanIds.NONE, "frontend-1"),
            tuple("GET", "http://orders:8080/orders/42", CLIENT, FRONTEND_SERVER, "frontend-1"),
            tuple("GET /orders/{id}", "/orders/42", SERVER, FRONTEND_CLIENT, "orders-1"),
            tuple("OrderService.load", "", INTERNAL, ORDERS_SERVER, "orders-1"),
            tuple("SELECT orders", "SELECT * FROM orders WHERE id = ?", CLIENT, ORDERS_LOAD, "orders-1"),
            tuple("POST", "http://payments/pay", CLIENT, ORDERS_SERVER, "orders-1"),
            tuple("POST /pay", "/pay", SERVER, ORDERS_CLIENT, "payments-1"),
            tuple("INSERT payments", "INSERT INTO payments VALUES (?, ?)", CLIENT, PAYMENTS_SERVER,
                "payments-1"),
            tuple("render", "", INTERNAL, FRONTEND_SERVER, "frontend-1"));
  }

  @Test
  void outgoingEvent_nextSpanIdIsItsOwnIdAndTheCalleesParent() {
    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, threeServices());

    List<PinpointSpanEvent> events =
        tree.pinpointSpans().stream().flatMap(s -> s.events().stream()).toList();
    assertThat(events)
        .extracting(e -> e.span().spanId(), PinpointSpanEvent::nextSpanId)
        .containsExactlyInAnyOrder(
            tuple(FRONTEND_CLIENT, FRONTEND_CLIENT),
            tuple(FRONTEND_RENDER, SpanIds.NONE),
            tuple(ORDERS_LOAD, SpanIds.NONE),
            tuple(ORDERS_DB, ORDERS_DB),
            tuple(ORDERS_CLIENT, ORDERS_CLIENT),
            tuple(PAYMENTS_DB, PAYMENTS_DB));
    PinpointSpanEvent callOut = tree.pinpointSpans().get(1).events().get(2);
    assertThat(tree.pinpointSpans().get(2).parentSpanId()).isEqualTo(callOut.nextSpanId());
  }

  @Test
  void producerEvent_nextSpanIdIsItsOwnId() {
    StoredSpan producer = span("orders", PRODUCER, 2, 1, 1, 2).build();
    CallTree tree = CallTreeAssembler.assemble(TRACE_ID,
        List.of(span("orders", SERVER, 1, SpanIds.NONE, 0, 5).build(), producer));

    assertThat(tree.pinpointSpans().get(0).events().get(0).nextSpanId()).isEqualTo(2);
  }

  @Test
  void shuffledBatches_assembleToTheSameTree() {
    CallTree expected = CallTreeAssembler.assemble(TRACE_ID, threeServices());

    for (int seed = 0; seed < 50; seed++) {
      Random random = new Random(seed);
      List<StoredSpan> all = shuffled(threeServices(), random);
      int cut1 = random.nextInt(all.size() + 1);
      int cut2 = cut1 + random.nextInt(all.size() - cut1 + 1);
      List<List<StoredSpan>> batches = new ArrayList<>(List.of(
          all.subList(0, cut1), all.subList(cut1, cut2), all.subList(cut2, all.size())));
      Collections.shuffle(batches, random);
      List<StoredSpan> union = new ArrayList<>();
      for (List<StoredSpan> batch : batches) {
        union.addAll(shuffled(batch, random));
      }

      assertThat(CallTreeAssembler.assemble(TRACE_ID, union)).as("seed %s", seed).isEqualTo(expected);
    }
  }

  @Test
  void duplicateSpans_areKeptOnce() {
    List<StoredSpan> withRetries = new ArrayList<>(threeServices());
    withRetries.addAll(threeServices());
    withRetries.add(threeServices().get(2));

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, shuffled(withRetries, new Random(7)));

    assertThat(tree).isEqualTo(CallTreeAssembler.assemble(TRACE_ID, threeServices()));
    assertThat(tree.spanCount()).isEqualTo(9);
  }

  @Test
  void internalOnlyRoot_isTheEntryOfItsVisit() {
    List<StoredSpan> batchJob = List.of(
        span("batch", INTERNAL, 10, SpanIds.NONE, 0, 100).name("nightly-report").build(),
        span("batch", INTERNAL, 11, 10, 5, 40).name("load").build(),
        span("batch", INTERNAL, 12, 11, 6, 30).name("parse").build(),
        span("batch", INTERNAL, 13, 10, 45, 90).name("write").build());

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, batchJob);

    assertThat(tree.pinpointSpans()).singleElement().satisfies(visit -> {
      assertThat(visit.entry().name()).isEqualTo("nightly-report");
      assertThat(visit.events())
          .extracting(e -> e.span().name(), PinpointSpanEvent::depth, PinpointSpanEvent::sequence)
          .containsExactly(tuple("load", 1, 0), tuple("parse", 2, 1), tuple("write", 1, 2));
    });
    assertThat(tree.rows()).extracting(CallTreeRow::depth, CallTreeRow::entry)
        .containsExactly(tuple(0, true), tuple(1, false), tuple(2, false), tuple(1, false));
    assertThat(tree.complete()).isTrue();
  }

  @Test
  void rootOfAnyKind_isTheEntryOfItsVisit() {
    CallTree tree = CallTreeAssembler.assemble(TRACE_ID,
        List.of(span("cli", CLIENT, 1, SpanIds.NONE, 0, 10).build()));

    assertThat(tree.pinpointSpans()).extracting(PinpointSpan::spanId).containsExactly(1L);
    assertThat(tree.complete()).isTrue();
  }

  @Test
  void internalSpanWithRemoteParent_startsAVisitUnderTheCaller() {
    List<StoredSpan> spans = List.of(
        span("frontend", SERVER, 1, SpanIds.NONE, 0, 100).build(),
        span("frontend", CLIENT, 2, 1, 10, 90).build(),
        span("worker", INTERNAL, 3, 2, 20, 80)
            .flags(StoredSpan.FLAG_HAS_IS_REMOTE | StoredSpan.FLAG_IS_REMOTE).build(),
        span("worker", INTERNAL, 4, 3, 30, 40).flags(StoredSpan.FLAG_HAS_IS_REMOTE).build());

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, spans);

    assertThat(tree.pinpointSpans())
        .extracting(PinpointSpan::spanId, PinpointSpan::callerSpanId, s -> s.events().size())
        .containsExactly(tuple(1L, SpanIds.NONE, 1), tuple(3L, 2L, 1));
    assertThat(tree.rows()).extracting(CallTreeRow::spanId, CallTreeRow::depth, CallTreeRow::entry)
        .containsExactly(tuple(1L, 0, true), tuple(2L, 1, false), tuple(3L, 2, true),
            tuple(4L, 3, false));
  }

  @Test
  void childReportedByAnotherAgent_startsAVisitWithoutRemoteFlags() {
    // Exporters older than OTLP 1.1 send no remoteness flags; the agent change still marks the visit.
    List<StoredSpan> spans = List.of(
        span("frontend", SERVER, 1, SpanIds.NONE, 0, 100).build(),
        span("frontend", CLIENT, 2, 1, 10, 90).build(),
        span("legacy", INTERNAL, 3, 2, 20, 80).build());

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, spans);

    assertThat(tree.pinpointSpans()).extracting(PinpointSpan::spanId, PinpointSpan::callerSpanId)
        .containsExactly(tuple(1L, SpanIds.NONE), tuple(3L, 2L));
  }

  @Test
  void serverDirectlyUnderServer_isGraftedUnderIt() {
    List<StoredSpan> spans = List.of(
        span("gateway", SERVER, 1, SpanIds.NONE, 0, 100).build(),
        span("orders", SERVER, 2, 1, 10, 90).build());

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, spans);

    assertThat(tree.rows()).extracting(CallTreeRow::spanId, CallTreeRow::depth)
        .containsExactly(tuple(1L, 0), tuple(2L, 1));
    assertThat(tree.pinpointSpans()).extracting(PinpointSpan::callerSpanId)
        .containsExactly(SpanIds.NONE, 1L);
  }

  @Test
  void siblingsStartingTogether_areOrderedBySpanIdAsUnsigned() {
    List<StoredSpan> spans = List.of(
        span("app", SERVER, 1, SpanIds.NONE, 0, 100).build(),
        span("app", INTERNAL, -5, 1, 10, 20).build(),
        span("app", INTERNAL, 7, 1, 10, 20).build(),
        span("app", INTERNAL, 3, 1, 5, 20).build());

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, spans);

    assertThat(tree.rows()).extracting(CallTreeRow::spanId).containsExactly(1L, 3L, 7L, -5L);
  }

  @Test
  void noSpans_giveAnEmptyIncompleteTree() {
    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, List.of());

    assertThat(tree.traceId()).isEqualTo(TRACE_ID);
    assertThat(tree.rows()).isEmpty();
    assertThat(tree.pinpointSpans()).isEmpty();
    assertThat(tree.spanCount()).isZero();
    assertThat(tree.complete()).isFalse();
  }

  @Test
  void spanOfAnotherTrace_isRejectedNamingBothIds() {
    List<StoredSpan> mixed = new ArrayList<>(threeServices());
    mixed.add(span("other", SERVER, 99, SpanIds.NONE, 0, 1).traceId(OTHER_TRACE_ID).build());

    assertThatThrownBy(() -> CallTreeAssembler.assemble(TRACE_ID, mixed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("spans[9].traceId: " + OTHER_TRACE_ID.toHex()
            + " (expected: " + TRACE_ID.toHex() + ", the trace being assembled)");
  }

  @Test
  void nullSpan_isRejected() {
    List<StoredSpan> spans = Arrays.asList(threeServices().get(0), null);

    assertThatThrownBy(() -> CallTreeAssembler.assemble(TRACE_ID, spans))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("spans[1]");
  }
}
