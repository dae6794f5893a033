package io.pinscope.server;

import static io.pinscope.TestObjects.TODAY_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.MutableClock;
import io.pinscope.TestObjects;
import io.pinscope.model.AgentInfo;
import io.pinscope.model.Attributes;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.MetricValue;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MetricRollupTask}: every registered agent's settled hours rolled up, then its application's, once by
 * hand and on schedule.
 */
class MetricRollupTaskTest {
  private static final long HOUR = 3_600_000L;
  private static final long H0 = Math.floorDiv(TODAY_MILLIS, HOUR) * HOUR + 3 * HOUR;

  private final Storage storage = Storage.open(StorageConfig.builder().engine("memory").build());

  @AfterEach
  void close() {
    storage.close();
  }

  /** Registers {@code agentId} of {@code app} and writes a gauge point every minute of 3 hours from H0. */
  private void agentWithThreeHours(String app, String agentId) {
    AgentInfo seen = TestObjects.agent(app, agentId, H0);
    storage.applications().register(new AgentInfo(app, agentId, seen.serviceTypeCode(), seen.hostname(), H0, H0,
        H0 + 3 * HOUR - 60_000, seen.resource())); // seen over the 3 hours
    List<MetricPoint> points = new ArrayList<>();
    for (long t = H0; t < H0 + 3 * HOUR; t += 60_000) {
      points.add(new MetricPoint(agentId, "jvm.cpu.recent_utilization", "1", MetricPoint.Kind.GAUGE,
          Attributes.empty(), t * 1_000_000L, new MetricValue.Scalar(0.25)));
    }
    storage.metrics().write(points);
  }

  @Test
  void runOnce_rollsUpEveryAgentsHoursThatEndedAtLeastTheSettleTimeAgo() {
    agentWithThreeHours("shop", "shop-1");
    agentWithThreeHours("pay", "pay-1");
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(H0 + 3 * HOUR + MetricRollupTask.SETTLE.toMillis() - 1));
    MetricRollupTask task = MetricRollupTask.start(storage, clock, Duration.ofDays(1));
    try {
      assertThat(task.runOnce()).isEqualTo(4); // two agents, two hours each: the third is not settled
      assertThat(storage.metricRollups().rolledUpUntil("shop-1")).isEqualTo(H0 + 2 * HOUR);
      assertThat(storage.metricRollups().rolledUpUntil("pay-1")).isEqualTo(H0 + 2 * HOUR);
      assertThat(storage.applicationRollups().rolledUpUntil("shop")).isEqualTo(H0 + 2 * HOUR);
      assertThat(task.runOnce()).isZero();

      clock.advance(Duration.ofMillis(1));
      assertThat(task.runOnce()).isEqualTo(2);
      assertThat(storage.metricRollups().rolledUpUntil("shop-1")).isEqualTo(H0 + 3 * HOUR);
      assertThat(storage.metrics().buckets("shop-1", H0, H0 + 3 * HOUR, 3 * HOUR)).singleElement()
          .satisfies(b -> assertThat(b.count()).isEqualTo(180));
      // Then the applications' hours: each application's three hours, its agent rolled up.
      assertThat(storage.applicationRollups().rolledUpUntil("shop")).isEqualTo(H0 + 3 * HOUR);
      assertThat(storage.applicationRollups().read("pay", H0, H0 + 3 * HOUR)).hasSize(3)
          .allSatisfy((hour, answer) -> assertThat(answer.series()).singleElement()
              .satisfies(s -> assertThat(s.point().avg()).isEqualTo(0.25)));
    } finally {
      task.close();
    }
  }

  @Test
  void start_runsOnItsSchedule() {
    agentWithThreeHours("shop", "shop-2");
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(H0 + 4 * HOUR));
    try (MetricRollupTask task = MetricRollupTask.start(storage, clock, Duration.ofMillis(20))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (storage.metricRollups().rolledUpUntil("shop-2") < H0 + 3 * HOUR && System.nanoTime() < deadline) {
        LockSupport.parkNanos(1_000_000L);
      }
      // The clock is 4 h after H0: hours ending by then less the settle time, so 3 of them.
      assertThat(storage.metricRollups().rolledUpUntil("shop-2")).isEqualTo(H0 + 3 * HOUR);
    }
  }
}
