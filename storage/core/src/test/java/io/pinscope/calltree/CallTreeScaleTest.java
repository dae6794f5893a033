package io.pinscope.calltree;

import static io.pinscope.TestSpans.TRACE_ID;
import static io.pinscope.TestSpans.shuffled;
import static io.pinscope.TestSpans.span;
import static io.pinscope.model.SpanKind.CLIENT;
import static io.pinscope.model.SpanKind.INTERNAL;
import static io.pinscope.model.SpanKind.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.model.SpanIds;
import io.pinscope.model.StoredSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Large traces: 5,000-span trees of every shape assemble correctly, deep ones without a stack overflow.
 * The time it takes is printed, never asserted (a busy CI machine is no place to measure it).
 */
class CallTreeScaleTest {
  private static final int SPANS = 5_000;
  private static final int WARM_UP_RUNS = 100;

  @Test
  void wideTree_5000Spans_assembles() {
    List<StoredSpan> spans = new ArrayList<>();
    spans.add(span("app", SERVER, 1, SpanIds.NONE, 0, 2 * SPANS).build());
    for (int i = 2; i <= SPANS; i++) {
      spans.add(span("app", i % 2 == 0 ? CLIENT : INTERNAL, i, 1, i, i + 3).build());
    }

    CallTree tree = assembleTimed("wide", shuffled(spans, new Random(1)));

    assertThat(tree.spanCount()).isEqualTo(SPANS);
    assertThat(tree.pinpointSpans()).singleElement()
        .satisfies(visit -> assertThat(visit.events()).hasSize(SPANS - 1));
    assertThat(tree.rows().get(SPANS - 1).depth()).isEqualTo(1);
  }

  @Test
  void deepChain_5000Spans_assemblesWithoutOverflow() {
    List<StoredSpan> spans = chain(SPANS, SpanIds.NONE);

    CallTree tree = assembleTimed("deep", shuffled(spans, new Random(2)));

    assertThat(tree.complete()).isTrue();
    for (int i = 0; i < SPANS; i++) {
      assertThat(tree.rows().get(i).depth()).isEqualTo(i);
    }
    List<PinpointSpanEvent> events = tree.pinpointSpans().get(0).events();
    assertThat(events.get(events.size() - 1).depth()).isEqualTo(SPANS - 1);
    assertThat(events.get(events.size() - 1).sequence()).isEqualTo(SPANS - 2);
  }

  @Test
  void deepChainAcrossServices_5000Spans_graftsEveryHop() {
    List<StoredSpan> spans = new ArrayList<>();
    for (int i = 1; i <= SPANS; i++) {
      boolean server = i % 2 == 1;
      spans.add(span("app" + (i + 1) / 2, server ? SERVER : CLIENT, i, i == 1 ? SpanIds.NONE : i - 1,
          i, 3L * SPANS - i).build());
    }

    CallTree tree = assembleTimed("deep across services", shuffled(spans, new Random(3)));

    assertThat(tree.pinpointSpans()).hasSize(SPANS / 2)
        .allSatisfy(visit -> assertThat(visit.events()).hasSize(1));
    assertThat(tree.rows().get(SPANS - 1).depth()).isEqualTo(SPANS - 1);
  }

  @Test
  void cycleOf5000Spans_becomesOneOrphanChain() {
    List<StoredSpan> spans = new ArrayList<>(chain(SPANS, SPANS));

    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, shuffled(spans, new Random(4)));

    assertThat(tree.orphanCount()).isEqualTo(1);
    assertThat(tree.rows()).hasSize(SPANS).allMatch(CallTreeRow::orphan);
    assertThat(tree.rows().get(0).spanId()).isEqualTo(1);
    assertThat(tree.rows().get(SPANS - 1).depth()).isEqualTo(SPANS - 1);
  }

  /** Spans 1..n, each the parent of the next; span 1's parent is {@code firstParent}. */
  private static List<StoredSpan> chain(int n, long firstParent) {
    List<StoredSpan> spans = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      spans.add(span("app", i == 1 ? SERVER : INTERNAL, i, i == 1 ? firstParent : i - 1, i, 3L * n - i)
          .build());
    }
    return spans;
  }

  private static CallTree assembleTimed(String shape, List<StoredSpan> spans) {
    long coldStart = System.nanoTime();
    CallTree tree = CallTreeAssembler.assemble(TRACE_ID, spans);
    long coldNanos = System.nanoTime() - coldStart;
    for (int i = 0; i < WARM_UP_RUNS; i++) {
      CallTreeAssembler.assemble(TRACE_ID, spans);
    }
    long[] timings = new long[5];
    StringBuilder report = new StringBuilder();
    for (int i = 0; i < timings.length; i++) {
      long start = System.nanoTime();
      CallTreeAssembler.assemble(TRACE_ID, spans);
      timings[i] = System.nanoTime() - start;
      report.append(String.format(" %.2f", timings[i] / 1e6));
    }
    System.out.printf(
        "CallTreeAssembler %s tree, %d spans: first run %.2f ms, after %d warm-up runs (ms):%s%n",
        shape, spans.size(), coldNanos / 1e6, WARM_UP_RUNS, report);
    return tree;
  }
}
