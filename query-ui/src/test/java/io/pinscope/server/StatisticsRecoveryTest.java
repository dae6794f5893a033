package io.pinscope.server;

import static io.pinscope.TestObjects.BASE_NANOS;
import static io.pinscope.TestObjects.agent;
import static io.pinscope.TestObjects.randomTraceId;
import static io.pinscope.TestObjects.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.MutableClock;
import io.pinscope.model.ScatterDot;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotValue;
import io.pinscope.model.StoredSpan;
import io.pinscope.receiver.statistics.StatisticsConfig;
import io.pinscope.servermap.StatisticsAccumulator;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StatisticsRecovery}: after an unclean stop the minutes since the watermark are rebuilt from the stored
 * spans, replacing (not adding to) what was flushed; after a clean stop, or on a new data directory, nothing is.
 */
class StatisticsRecoveryTest {
  private static final long BASE_MILLIS = BASE_NANOS / 1_000_000L;
  private static final String APP = "checkout";

  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(BASE_MILLIS + 120_000));
  private Storage storage;

  @BeforeEach
  void open() {
    storage = Storage.open(StorageConfig.builder().engine("memory").clock(clock).build());
    storage.applications().register(agent(APP, APP + "-1", BASE_MILLIS));
  }

  @AfterEach
  void close() {
    storage.close();
  }

  /** Stores {@code count} one-span traces starting at base + i ms, as ingest does (spans and dots). */
  private void storeTraces(int count) {
    for (int i = 0; i < count; i++) {
      StoredSpan s = span(randomTraceId(), APP, i).build();
      storage.traces().write(List.of(s), List.of(ScatterDot.of(s)));
    }
  }

  /** Writes the self statistics of {@code count} calls, as a flush before the crash would have. */
  private void flushSelfCalls(int count) {
    StatisticsAccumulator flushed = new StatisticsAccumulator();
    for (int i = 0; i < count; i++) {
      flushed.self(SlotValue.slotOf(BASE_MILLIS), new SelfKey(APP, 1000, APP + "-1"), 5, false);
    }
    storage.statistics().write(flushed.toBatch());
  }

  private long selfCalls() {
    return storage.statistics().readSelf(APP, BASE_MILLIS - 600_000, BASE_MILLIS + 600_000).stream()
        .mapToLong(v -> v.histogram().totalCount()).sum();
  }

  private String stateFile() throws Exception {
    return Files.readString(dir.resolve(StatisticsRecovery.FILE), StandardCharsets.UTF_8).trim();
  }

  @Test
  void uncleanStop_rebuildsTheMinutesSinceTheWatermark_replacingWhatWasFlushed() throws Exception {
    storeTraces(40);
    flushSelfCalls(25); // the last 15 calls were aggregated, not flushed, when the process died
    Files.writeString(dir.resolve(StatisticsRecovery.FILE), "running " + (BASE_MILLIS + 30));

    StatisticsRecovery.Recovered recovered = StatisticsRecovery.in(dir, clock)
        .recover(storage, StatisticsConfig.defaults());

    assertThat(selfCalls()).isEqualTo(40);
    assertThat(recovered).isNotNull();
    assertThat(recovered.traces()).isEqualTo(40);
    assertThat(recovered.fromMillis()).isLessThanOrEqualTo(SlotValue.slotOf(BASE_MILLIS));
    assertThat(stateFile()).isEqualTo("running " + clock.millis());
  }

  @Test
  void failedRebuild_keepsTheOldWatermark_throughFlushesAndAStop() throws Exception {
    Files.writeString(dir.resolve(StatisticsRecovery.FILE), "running " + (BASE_MILLIS + 30));
    Storage closed = Storage.open(StorageConfig.builder().engine("memory").clock(clock).build());
    closed.close(); // every read throws: the rebuild fails

    StatisticsRecovery recovery = StatisticsRecovery.in(dir, clock);
    assertThat(recovery.recover(closed, StatisticsConfig.defaults())).isNull();

    assertThat(stateFile()).isEqualTo("running " + (BASE_MILLIS + 30));
    recovery.flushed(clock.millis());
    assertThat(stateFile()).as("after a flush").isEqualTo("running " + (BASE_MILLIS + 30));
    assertThat(recovery.checkpointLine()).isEqualTo("running " + (BASE_MILLIS + 30));
    recovery.stopped();
    assertThat(recovery.read()).as("after a clean stop: the next start rebuilds")
        .isEqualTo(new StatisticsRecovery.State(false, BASE_MILLIS + 30));
  }

  @Test
  void cleanStop_rebuildsNothing() throws Exception {
    storeTraces(40);
    flushSelfCalls(25);
    Files.writeString(dir.resolve(StatisticsRecovery.FILE), "stopped " + (BASE_MILLIS + 30));

    assertThat(StatisticsRecovery.in(dir, clock).recover(storage, StatisticsConfig.defaults())).isNull();

    assertThat(selfCalls()).isEqualTo(25);
    assertThat(stateFile()).startsWith("running ");
  }

  @Test
  void newDataDirectory_rebuildsNothing_andMarksRunning() throws Exception {
    storeTraces(3);

    assertThat(StatisticsRecovery.in(dir, clock).recover(storage, StatisticsConfig.defaults())).isNull();

    assertThat(selfCalls()).isZero();
    assertThat(stateFile()).isEqualTo("running " + clock.millis());
  }

  @Test
  void flushedThenStopped_areWhatTheNextStartReads() {
    StatisticsRecovery recovery = StatisticsRecovery.in(dir, clock);
    recovery.flushed(1234);
    assertThat(recovery.read()).isEqualTo(new StatisticsRecovery.State(false, 1234));
    recovery.stopped();
    assertThat(recovery.read()).isEqualTo(new StatisticsRecovery.State(true, clock.millis()));
  }
}
