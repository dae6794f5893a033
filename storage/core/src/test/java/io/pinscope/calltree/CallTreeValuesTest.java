package io.pinscope.calltree;

import static io.pinscope.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.model.SpanIds;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StoredSpan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contracts the value types enforce on their own. */
class CallTreeValuesTest {
  private static final StoredSpan SPAN = span("app", SpanKind.INTERNAL, 2, 1, 0, 1).build();

  @Test
  void event_rejectsDepthBelowOne() {
    assertThatThrownBy(() -> new PinpointSpanEvent(SPAN, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("depth: 0 (expected: >= 1)");
  }

  @Test
  void pinpointSpan_rejectsEventsOutOfSequence() {
    List<PinpointSpanEvent> events = List.of(new PinpointSpanEvent(SPAN, 1, 1));

    assertThatThrownBy(() -> new PinpointSpan(SPAN, events, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("events[0].sequence: 1 (expected: 0)");
  }

  @Test
  void row_rejectsSelfLongerThanExec() {
    assertThatThrownBy(() -> new CallTreeRow(0, 1, SpanIds.NONE, "app", "app-1", "m", "",
        SpanKind.SERVER, 0, 0, 10, 11, 100.0, false, false, true, false, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("selfNanos: 11 (expected: 0 to execNanos 10)");
  }

  @Test
  void row_rejectsNegativeGap() {
    assertThatThrownBy(() -> new CallTreeRow(1, 1, SpanIds.NONE, "app", "app-1", "m", "",
        SpanKind.SERVER, 0, -1, 10, 10, 100.0, false, false, true, false, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gapNanos: -1 (expected: >= 0)");
  }
}
