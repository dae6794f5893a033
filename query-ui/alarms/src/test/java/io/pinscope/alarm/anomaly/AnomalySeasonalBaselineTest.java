package io.pinscope.alarm.anomaly;

import static io.pinscope.alarm.anomaly.SyntheticTraffic.APPLICATION;
import static io.pinscope.alarm.anomaly.SyntheticTraffic.DAY;
import static io.pinscope.alarm.anomaly.SyntheticTraffic.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.MutableClock;
import io.pinscope.alarm.anomaly.AnomalyVerdict.Outcome;
import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotValue;
import io.pinscope.storage.MapStatistics;
import io.pinscope.storage.StatisticsBatch;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The baseline read from the memory engine's self statistics, and the detector over a synthetic week with
 * daily seasonality ({@link SyntheticTraffic}): days 1-7 are the baseline, day 8 is judged.
 */
class AnomalySeasonalBaselineTest {
  private static final long START = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
  private static final long DAY_8 = START + 7 * DAY;
  private static final Duration WINDOW = Duration.ofMinutes(5);
  private static final AnomalySettings SETTINGS = AnomalySettings.DEFAULTS;

  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(START + 8 * DAY));
  private final Storage storage = Storage.open(StorageConfig.builder().engine("memory").clock(clock).build());
  private final MapStatistics statistics = storage.statistics();
  private final BaselineReader reader = new BaselineReader(statistics);

  @AfterEach
  void close() {
    storage.close();
  }

  private SyntheticTraffic week() {
    SyntheticTraffic traffic = new SyntheticTraffic(START, 8, 42);
    traffic.writeTo(statistics);
    return traffic;
  }

  private AnomalyVerdict judge(AnomalySignal signal, long toMillis) {
    return reader.read(APPLICATION, toMillis, WINDOW, SETTINGS).judge(signal, SETTINGS);
  }

  private static SlotValue<SelfKey> calls(long slotMillis, String agent, long count) {
    return new SlotValue<>(slotMillis, new SelfKey(APPLICATION, 1010, agent),
        SyntheticTraffic.histogram(count, 0, 100));
  }

  @Test
  void readsTheCurrentWindowTheSameWindowOnPreviousDaysAndTheWindowsBefore() {
    long to = DAY_8 + 12 * 60 * MINUTE;
    statistics.write(new StatisticsBatch()
        .addSelf(calls(to - MINUTE, "a", 1))
        .addSelf(calls(to - MINUTE, "b", 1_000)) // every agent counts
        .addSelf(calls(to - 5 * MINUTE, "a", 2))
        .addSelf(calls(to - 6 * MINUTE, "a", 4)) // the window just before
        .addSelf(calls(to - 65 * MINUTE, "a", 8)) // the 12th window before
        .addSelf(calls(to - 66 * MINUTE, "a", 16)) // past the 12th: not read
        .addSelf(calls(to - DAY - 3 * MINUTE, "a", 32))
        .addSelf(calls(to - 7 * DAY - MINUTE, "a", 64))
        .addSelf(calls(to - 7 * DAY, "a", 128)) // the slot at the shifted end is outside its window
        .addSelf(calls(to - 8 * DAY - MINUTE, "a", 256)) // the 8th day: not read
        .addSelf(calls(to, "a", 512))); // at the end: outside the current window

    Baseline b = reader.read(APPLICATION, to, WINDOW, SETTINGS);

    assertThat(b.current()).isEqualTo(new WindowTraffic(to - 5 * MINUTE, 1_003, 0, 100_300));
    assertThat(b.previousWindows()).hasSize(12);
    assertThat(b.previousWindows()).extracting(WindowTraffic::requests)
        .containsExactly(4L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 8L);
    assertThat(b.previousWindows().get(11).startMillis()).isEqualTo(to - 65 * MINUTE);
    assertThat(b.previousDays()).extracting(WindowTraffic::requests)
        .containsExactly(32L, 0L, 0L, 0L, 0L, 0L, 64L);
    assertThat(b.previousDays().get(6).startMillis()).isEqualTo(to - 7 * DAY - 5 * MINUTE);
    assertThat(b.windows()).hasSize(19);
  }

  @Test
  void sumsErrorsAndElapsedTimeOverAgentsAndSchemas() {
    long to = DAY_8;
    statistics.write(new StatisticsBatch()
        .addSelf(new SlotValue<>(to - MINUTE, new SelfKey(APPLICATION, 1010, "a"),
            Histogram.of(HistogramSchema.NORMAL, 300, true).plus(100, false)))
        .addSelf(new SlotValue<>(to - 2 * MINUTE, new SelfKey(APPLICATION, 8200, "cache"),
            Histogram.of(HistogramSchema.FAST, 20, false))));

    WindowTraffic current = reader.read(APPLICATION, to, WINDOW, 0, 0).current();

    assertThat(current).isEqualTo(new WindowTraffic(to - 5 * MINUTE, 3, 1, 420));
    assertThat(AnomalySignal.AVG_RESPONSE_TIME.value(current)).isEqualTo(140);
    assertThat(AnomalySignal.ERROR_RATE.value(current)).isCloseTo(33.33, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void rejectsAWindowOfPartMinutes() {
    assertThatThrownBy(() -> reader.read(APPLICATION, DAY_8, Duration.ofSeconds(90), 7, 12))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window: PT1M30S (expected: whole minutes, at least 1)");
  }

  @Test
  void aLatencySpikeOnDayEightIsDetected() {
    SyntheticTraffic traffic = week();
    long spike = DAY_8 + 14 * 60 * MINUTE;
    traffic.change(statistics, spike, 15, m -> SyntheticTraffic.slower(m, 3));

    for (long to = spike + 5 * MINUTE; to <= spike + 15 * MINUTE; to += 5 * MINUTE) {
      AnomalyVerdict v = judge(AnomalySignal.AVG_RESPONSE_TIME, to);
      assertThat(v.detected()).as(v.message()).isTrue();
      assertThat(v.score().z()).isGreaterThan(10);
      assertThat(v.message()).startsWith("avg response time ").contains("robust SDs above normal (median ")
          .endsWith(" over 7 baseline windows)"); // a week of history: the previous days alone
    }
    // Spiked minutes in the previous windows do not hide a spike that goes on: they are not in the baseline.
    assertThat(judge(AnomalySignal.AVG_RESPONSE_TIME, spike + 15 * MINUTE).score().median()).isLessThan(450);
    // Before the spike the same hour is normal.
    assertThat(judge(AnomalySignal.AVG_RESPONSE_TIME, spike).detected()).isFalse();
  }

  @Test
  void noiseAloneOnDayEightIsNotDetected() {
    week();
    List<String> fired = new ArrayList<>();
    int judged = 0;
    // Every 5 minutes over day 8: 288 windows, through the night's trough and the afternoon's peak.
    for (long to = DAY_8 + 5 * MINUTE; to <= DAY_8 + DAY; to += 5 * MINUTE) {
      for (AnomalySignal signal : AnomalySignal.values()) {
        AnomalyVerdict v = judge(signal, to);
        assertThat(v.outcome()).as(v.message()).isNotEqualTo(Outcome.NO_VERDICT);
        judged++;
        if (v.detected()) {
          fired.add(Instant.ofEpochMilli(to) + " " + v.message());
        }
      }
    }
    assertThat(judged).isEqualTo(3 * 288);
    assertThat(fired).isEmpty();
  }

  @Test
  void lowTrafficGivesNoVerdict() {
    SyntheticTraffic traffic = week();
    long from = DAY_8 + 14 * 60 * MINUTE;
    // 6 slow calls a minute: 30 in the window, under minTraffic 50.
    traffic.change(statistics, from, 5, m -> SyntheticTraffic.histogram(6, 3, 2_000));

    AnomalyVerdict latency = judge(AnomalySignal.AVG_RESPONSE_TIME, from + 5 * MINUTE);
    AnomalyVerdict errors = judge(AnomalySignal.ERROR_RATE, from + 5 * MINUTE);

    assertThat(latency.outcome()).isEqualTo(Outcome.NO_VERDICT);
    assertThat(latency.detected()).isFalse();
    assertThat(latency.message()).isEqualTo(
        "no verdict on the avg response time: 30 requests in the window (expected: at least 50)");
    assertThat(errors.outcome()).isEqualTo(Outcome.NO_VERDICT);
  }

  @Test
  void aDropOfTrafficToZeroFiresTheTotalCount() {
    SyntheticTraffic traffic = week();
    long from = DAY_8 + 14 * 60 * MINUTE;
    traffic.change(statistics, from, 15, m -> Histogram.empty(HistogramSchema.NORMAL));

    AnomalyVerdict count = judge(AnomalySignal.TOTAL_COUNT, from + 5 * MINUTE);

    assertThat(count.detected()).as(count.message()).isTrue();
    assertThat(count.message()).startsWith("total count 0 requests is ").contains("robust SDs below normal");
    assertThat(judge(AnomalySignal.AVG_RESPONSE_TIME, from + 5 * MINUTE).outcome()).isEqualTo(Outcome.NO_VERDICT);
    // Two minutes without calls of the window's five already fire at the default sensitivity.
    AnomalyVerdict early = judge(AnomalySignal.TOTAL_COUNT, from + 2 * MINUTE);
    assertThat(early.detected()).as(early.message()).isTrue();
  }

  @Test
  void aShortHistoryGivesNoVerdict() {
    SyntheticTraffic traffic = new SyntheticTraffic(START, 8, 7);
    StatisticsBatch lastMinutes = new StatisticsBatch();
    for (long slot = DAY_8 - 15 * MINUTE; slot < DAY_8; slot += MINUTE) {
      lastMinutes.addSelf(new SlotValue<>(slot, SyntheticTraffic.KEY, traffic.minute(slot)));
    }
    statistics.write(lastMinutes);

    AnomalyVerdict v = judge(AnomalySignal.AVG_RESPONSE_TIME, DAY_8);

    assertThat(v.outcome()).isEqualTo(Outcome.NO_VERDICT);
    assertThat(v.message()).isEqualTo("no verdict on the avg response time: 2 of 19 baseline windows with at "
        + "least 50 requests (expected: at least 5; the history is too short or too quiet)");
  }
}
