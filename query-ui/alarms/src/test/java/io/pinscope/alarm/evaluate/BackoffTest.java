package io.pinscope.alarm.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final long MINUTE = 60_000L;

  @Test
  void threeSixTwelveTwentyFourThenEveryTwentyFourMinutes() {
    long since = 1_000_000L;
    List<Long> times = new ArrayList<>();
    long now = since;
    for (int i = 0; i < 7; i++) {
      now = Backoff.next(since, now);
      times.add((now - since) / MINUTE);
    }
    assertThat(times).containsExactly(3L, 6L, 12L, 24L, 48L, 72L, 96L);
  }

  @Test
  void aLateEvaluationSkipsTheTimesItMissed() {
    assertThat(Backoff.next(0, 13 * MINUTE)).isEqualTo(24 * MINUTE);
    assertThat(Backoff.next(0, 100 * MINUTE)).isEqualTo(120 * MINUTE);
    assertThat(Backoff.next(0, 3 * MINUTE - 1)).isEqualTo(3 * MINUTE);
  }
}
