package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.MutableClock;
import io.pinscope.alarm.channel.Delivery;
import io.pinscope.alarm.channel.Dispatcher;
import io.pinscope.alarm.channel.Notification;
import io.pinscope.alarm.check.CheckerRegistry;
import io.pinscope.alarm.evaluate.AlarmEvaluator;
import io.pinscope.model.SelfKey;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.model.alarm.AlarmChannel;
import io.pinscope.model.alarm.AlarmEvent;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.model.alarm.AlarmState;
import io.pinscope.model.alarm.RuleKind;
import io.pinscope.servermap.StatisticsAccumulator;
import io.pinscope.storage.AlarmStore;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alarm state survives a restart on RocksDB: no second FIRING while still firing, and the RECOVERY is sent. */
class AlarmRestartTest {
  private static final String APP = "orders";

  @TempDir
  Path data;

  private final MutableClock clock =
      new MutableClock(Instant.ofEpochMilli(SlotValue.slotOf(System.currentTimeMillis())));
  private final List<Notification> sent = new CopyOnWriteArrayList<>();
  private final Dispatcher dispatcher = (n, channel) -> {
    sent.add(n);
    return CompletableFuture.completedFuture(new Delivery(channel, true, 1, "HTTP 200", clock.millis()));
  };

  private Storage open() {
    return Storage.open(StorageConfig.builder().engine("rocksdb").dataDirectory(data).clock(clock).build());
  }

  /** The last minute: 100 requests, {@code errors} failed; then a round. */
  private void minute(Storage storage, AlarmEvaluator evaluator, int errors) {
    clock.advance(Duration.ofMinutes(1));
    StatisticsAccumulator acc = new StatisticsAccumulator();
    long slot = SlotValue.slotOf(clock.millis() - 30_000);
    SelfKey key = new SelfKey(APP, ServiceTypeRegistry.JAVA.code(), APP + "-1");
    for (int i = 0; i < 100; i++) {
      acc.self(slot, key, 40, i < errors);
    }
    storage.statistics().write(acc.toBatch());
    evaluator.evaluateOnce();
  }

  private AlarmEvaluator evaluator(Storage storage) {
    return AlarmEvaluator.builder(storage.alarms(), CheckerRegistry.standard(storage).build(), dispatcher)
        .clock(clock).build();
  }

  private List<Notification.Kind> kinds() {
    return sent.stream().map(Notification::kind).toList();
  }

  @Test
  void noSecondFiringAndNoLostRecoveryAcrossARestart() {
    AlarmRule rule = AlarmRule.builder().name("orders errors").application(APP).kind(RuleKind.ERROR_RATE)
        .threshold(10).channel(new AlarmChannel(AlarmChannel.Type.WEBHOOK, "http://hooks.test/orders")).build();
    try (Storage storage = open(); AlarmEvaluator evaluator = evaluator(storage)) {
      storage.alarms().putRule(rule);
      minute(storage, evaluator, 50);
      minute(storage, evaluator, 50);
      assertThat(kinds()).containsExactly(Notification.Kind.FIRING);
    }

    try (Storage storage = open(); AlarmEvaluator evaluator = evaluator(storage)) {
      AlarmState kept = storage.alarms().state(rule.id()).orElseThrow();
      assertThat(kept.status()).isEqualTo(AlarmState.Status.FIRING);
      assertThat(kept.notifications()).isEqualTo(1);
      // still firing after the restart: no second FIRING, and the back-off goes on from the first detection
      // (t0 + 1 min): a REPEAT at t0 + 4 min
      minute(storage, evaluator, 50);
      assertThat(kinds()).containsExactly(Notification.Kind.FIRING);
      minute(storage, evaluator, 50);
      assertThat(kinds()).containsExactly(Notification.Kind.FIRING, Notification.Kind.REPEAT);
    }

    try (Storage storage = open(); AlarmEvaluator evaluator = evaluator(storage)) {
      // the errors stop: the window's rate goes 40, 30, 20 (the REPEAT due at t0 + 7 min), 10 %, then 0 %:
      // exactly one RECOVERY
      for (int i = 0; i < 8; i++) {
        minute(storage, evaluator, 0);
      }
      assertThat(kinds()).containsExactly(Notification.Kind.FIRING, Notification.Kind.REPEAT,
          Notification.Kind.REPEAT, Notification.Kind.RECOVERY);
      assertThat(storage.alarms().state(rule.id()).orElseThrow().status()).isEqualTo(AlarmState.Status.OK);
      List<AlarmEvent.Type> history = storage.alarms()
          .events(new AlarmStore.EventQuery(null, rule.id(), 0, Long.MAX_VALUE, 100)).stream()
          .map(AlarmEvent::type).toList();
      assertThat(history).containsExactly(AlarmEvent.Type.RECOVERY, AlarmEvent.Type.REPEAT, AlarmEvent.Type.REPEAT,
          AlarmEvent.Type.FIRING);
    }
  }
}
