package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import io.pinscope.alarm.channel.SmtpSettings;
import io.pinscope.model.SelfKey;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.model.alarm.AlarmChannel;
import io.pinscope.model.alarm.AlarmEvent;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.model.alarm.RuleKind;
import io.pinscope.servermap.StatisticsAccumulator;
import io.pinscope.storage.AlarmStore.EventQuery;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AlarmTaskTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theServerHasACheckerForEveryKindTheAnomalyOnesIncluded() {
    try (Storage storage = Storage.open(StorageConfig.builder().engine("memory").build())) {
      assertThat(AlarmTask.checkers(storage).kinds()).containsExactlyInAnyOrder(RuleKind.values());
    }
  }

  @Test
  void alarmFlagsHaveTheirDefaultsAndAreChecked() {
    ServerConfig c = ServerConfig.parse(new String[0], Map.of());
    assertThat(c.alarms()).isTrue();
    assertThat(c.alarmInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.alarmWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.smtp()).isNull();
    assertThat(c.publicUrl()).isNull();

    ServerConfig set = ServerConfig.parse(new String[] {"--alarms", "false", "--alarm-interval-seconds", "30",
        "--alarm-window-minutes", "10", "--smtp-host", "mail.local", "--smtp-port", "2525", "--smtp-from",
        "alarms@example.com", "--public-url", "https://pinscope.example.com"}, Map.of());
    assertThat(set.alarms()).isFalse();
    assertThat(set.alarmInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(set.alarmWindow()).isEqualTo(Duration.ofMinutes(10));
    assertThat(set.smtp()).isEqualTo(SmtpSettings.of("mail.local", 2525, "alarms@example.com"));
    assertThat(set.publicUrl()).isEqualTo("https://pinscope.example.com");
    assertThat(ServerConfig.parse(new String[] {"--alarms"}, Map.of()).alarms()).isTrue();

    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--alarm-interval-seconds", "0"}, Map.of()))
        .hasMessage("alarm-interval-seconds: 0 (expected: 1..86400)");
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--alarm-window-minutes", "x"}, Map.of()))
        .hasMessage("alarm-window-minutes: x (expected: an integer 1..1440)");
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--alarms", "maybe"}, Map.of()))
        .hasMessage("alarms: maybe (expected: true or false)");
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--smtp-host", "mail.local"}, Map.of()))
        .hasMessage("smtp-from: none (expected: the sender address, with smtp-host mail.local)");
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--smtp-host", "mail.local", "--smtp-from", "nobody"},
        Map.of())).hasMessageStartingWith("smtp-from: \"nobody\" (expected: an email address)");
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--public-url", "pinscope.local"}, Map.of()))
        .hasMessage("public-url: pinscope.local (expected: an http or https URL)");
    assertThat(ServerConfig.usage()).contains("--alarm-interval-seconds").contains("--smtp-host")
        .contains("--public-url").contains("PINSCOPE_ALARMS");
  }

  @Test
  void theServerEvaluatesRulesAndNotifiesThroughItsChannels() throws Exception {
    BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    Server receiver = Server.builder().http(new InetSocketAddress("127.0.0.1", 0)).gracefulShutdownTimeoutMillis(0, 0)
        .service("/hook", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(r -> {
          try {
            received.add(JSON.readTree(r.contentUtf8()));
          } catch (Exception e) {
            return HttpResponse.of(HttpStatus.BAD_REQUEST);
          }
          return HttpResponse.of(HttpStatus.OK);
        }))).build();
    receiver.start().join();
    try (PinscopeServer server = PinscopeServer.start(ServerConfig.parse(new String[] {"--storage", "memory",
        "--bind", "127.0.0.1", "--grpc-port", "0", "--http-port", "0", "--query-port", "0",
        "--alarm-interval-seconds", "1", "--public-url", "http://pinscope.test"}, Map.of()))) {
      failedRequestLastMinute(server.storage());
      server.storage().alarms().putRule(AlarmRule.builder().name("always").application("shop")
          .kind(RuleKind.ERROR_COUNT).threshold(1)
          .channel(new AlarmChannel(AlarmChannel.Type.WEBHOOK,
              "http://127.0.0.1:" + receiver.activeLocalPort() + "/hook")).build());

      JsonNode firing = received.poll(30, TimeUnit.SECONDS);
      assertThat(firing).as("a notification from the server's evaluator").isNotNull();
      assertThat(firing.get("kind").asText()).isEqualTo("FIRING");
      assertThat(firing.get("rule").get("name").asText()).isEqualTo("always");
      assertThat(firing.get("message").asText()).isEqualTo("ERROR COUNT 1 ≥ 1 (1 of 1 requests failed)");
      assertThat(firing.get("link").asText()).startsWith("http://pinscope.test/#/alarms?application=shop&rule=");
    } finally {
      receiver.stop().join();
    }
  }

  @Test
  void closingRecordsTheOutcomeOfADeliveryStillInFlight() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    // answers nothing until stopped: the delivery is in flight when the task closes
    Server receiver = Server.builder().http(new InetSocketAddress("127.0.0.1", 0)).gracefulShutdownTimeoutMillis(0, 0)
        .requestTimeoutMillis(0).service("/hang", (ctx, req) -> {
          arrived.countDown();
          return HttpResponse.of(new CompletableFuture<HttpResponse>());
        }).build();
    receiver.start().join();
    try (Storage storage = Storage.open(StorageConfig.builder().engine("memory").build())) {
      failedRequestLastMinute(storage);
      AlarmRule rule = AlarmRule.builder().name("hung").application("shop").kind(RuleKind.ERROR_COUNT).threshold(1)
          .channel(new AlarmChannel(AlarmChannel.Type.WEBHOOK,
              "http://127.0.0.1:" + receiver.activeLocalPort() + "/hang")).build();
      storage.alarms().putRule(rule);
      AlarmTask task = AlarmTask.start(ServerConfig.parse(new String[] {"--storage", "memory",
          "--alarm-interval-seconds", "1"}, Map.of()), storage, Clock.systemUTC());
      try {
        assertThat(arrived.await(30, TimeUnit.SECONDS)).as("the FIRING notification reached the receiver").isTrue();
      } finally {
        task.close();
      }
      List<AlarmEvent> events = storage.alarms().events(new EventQuery(null, rule.id(), 0, Long.MAX_VALUE, 10));
      assertThat(events).extracting(AlarmEvent::type).containsExactly(AlarmEvent.Type.FIRING);
      assertThat(events.get(0).deliveries()).singleElement().satisfies(d -> {
        assertThat(d.delivered()).isFalse();
        assertThat(d.detail()).startsWith("dispatcher closed");
      });
    } finally {
      receiver.stop().join();
    }
  }

  /** One failed request of shop in the minute before the current one (the last complete minute). */
  private static void failedRequestLastMinute(Storage storage) {
    StatisticsAccumulator statistics = new StatisticsAccumulator();
    statistics.self(SlotValue.slotOf(System.currentTimeMillis()) - SlotValue.SLOT_MILLIS,
        new SelfKey("shop", ServiceTypeRegistry.JAVA.code(), "shop-1"), 20, true);
    storage.statistics().write(statistics.toBatch());
  }
}
