package io.pinscope.alarm.evaluate;

import static io.pinscope.alarm.evaluate.AlarmEvaluatorTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import io.pinscope.MutableClock;
import io.pinscope.alarm.AlarmTestStorage;
import io.pinscope.alarm.Traffic;
import io.pinscope.alarm.channel.ChannelDispatcher;
import io.pinscope.alarm.channel.Delivery;
import io.pinscope.alarm.channel.Dispatcher;
import io.pinscope.alarm.channel.Notification;
import io.pinscope.alarm.check.CheckerRegistry;
import io.pinscope.model.alarm.Acknowledgement;
import io.pinscope.model.alarm.AlarmChannel;
import io.pinscope.model.alarm.AlarmEvent;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.model.alarm.AlarmState;
import io.pinscope.model.alarm.Escalation;
import io.pinscope.model.alarm.RuleKind;
import io.pinscope.storage.AlarmStore;
import io.pinscope.storage.Storage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The evaluator end to end: through the real {@link ChannelDispatcher} (webhook channel, one attempt per
 * delivery) to a real local HTTP receiver, delivery outcomes back into the history.
 */
class AlarmWebhookTest {
  private static final long MINUTE = 60_000L;
  private static final String APP = "checkout";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the receiver got: the path's last segment and the JSON body. */
  private record Received(String hook, JsonNode body) {}

  private final MutableClock clock = AlarmTestStorage.minuteClock();
  private final long t0 = clock.millis();
  private final Storage storage = AlarmTestStorage.memory(clock);
  private final AlarmStore alarms = storage.alarms();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger hangingRequests = new AtomicInteger();
  private final AtomicInteger failedRequests = new AtomicInteger();
  private final List<CompletableFuture<HttpResponse>> hanging = new CopyOnWriteArrayList<>();
  private final ChannelDispatcher channels = ChannelDispatcher.builder().clock(clock).attempts(1).build();
  private final CountingDispatcher poster = new CountingDispatcher(channels);
  private @Nullable Server server;
  private @Nullable AlarmEvaluator evaluator;
  private String base = "";

  @BeforeEach
  void startReceiver() {
    Server s = Server.builder().http(new InetSocketAddress("127.0.0.1", 0))
        .gracefulShutdownTimeoutMillis(0, 0)
        .service("/hook/{name}", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(r -> {
          try {
            received.add(new Received(ctx.pathParam("name"), JSON.readTree(r.contentUtf8())));
          } catch (Exception e) {
            return HttpResponse.of(HttpStatus.BAD_REQUEST);
          }
          return HttpResponse.of(HttpStatus.OK);
        })))
        .service("/fail", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(r -> {
          failedRequests.incrementAndGet();
          return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR);
        })))
        .service("/hang", (ctx, req) -> {
          hangingRequests.incrementAndGet();
          CompletableFuture<HttpResponse> never = new CompletableFuture<>();
          hanging.add(never);
          return HttpResponse.of(never);
        })
        .build();
    s.start().join();
    server = s;
    base = "http://127.0.0.1:" + s.activeLocalPort();
    evaluator = AlarmEvaluator.builder(alarms, CheckerRegistry.standard(storage).build(), poster).clock(clock).build();
  }

  @AfterEach
  void stop() {
    hanging.forEach(f -> f.complete(HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE)));
    if (evaluator != null) {
      evaluator.stop();
    }
    channels.close();
    if (evaluator != null) {
      evaluator.close();
    }
    if (server != null) {
      server.stop().join();
    }
    storage.close();
  }

  private AlarmRule rule(String name, String hook, @Nullable String escalationHook) {
    AlarmRule r = AlarmRule.builder().name(name).application(APP).kind(RuleKind.ERROR_RATE).threshold(10)
        .channel(new AlarmChannel(AlarmChannel.Type.WEBHOOK, base + hook))
        .escalation(escalationHook == null ? null
            : new Escalation(10, List.of(new AlarmChannel(AlarmChannel.Type.WEBHOOK, base + escalationHook))))
        .build();
    alarms.putRule(r);
    return r;
  }

  /**
   * Steps {@code from}..{@code to}: the last minute's traffic (200 requests, {@code errors} failed), a round,
   * every notification of it received; returns "step hook KIND" per notification received.
   */
  private List<String> run(int from, int to, int errors) {
    List<String> out = new ArrayList<>();
    for (int step = from; step <= to; step++) {
      clock.advance(Duration.ofMillis(t0 + step * MINUTE - clock.millis()));
      long at = clock.millis() - 30_000;
      new Traffic().self(APP, APP + "-1", at, 80, false, 200 - errors).self(APP, APP + "-2", at, 80, true, errors)
          .writeTo(storage.statistics());
      int before = received.size();
      evaluator.evaluateOnce();
      await(() -> received.size() == poster.handed.get() - poster.handedTo("/hang") - poster.handedTo("/fail"));
      for (Received r : received.subList(before, received.size())) {
        out.add(step + " " + r.hook() + " " + r.body().get("kind").asText());
      }
    }
    return out;
  }

  private AlarmState state(AlarmRule rule) {
    return alarms.state(rule.id()).orElseThrow();
  }

  private List<AlarmEvent> events(AlarmRule rule) {
    return alarms.events(new AlarmStore.EventQuery(null, rule.id(), 0, Long.MAX_VALUE, 1000));
  }

  @Test
  void errorRateRuleFiresRepeatsEscalatesAndRecoversThroughARealReceiver() {
    AlarmRule team = rule("checkout errors", "/hook/team", "/hook/oncall");
    AlarmRule acked = rule("checkout errors, acknowledged", "/hook/acked", "/hook/acked-oncall");

    assertThat(run(-3, -1, 0)).isEmpty();
    // the errors start (60 % of the minute's requests): found by the first evaluation after their minute
    assertThat(run(0, 0, 120)).containsExactlyInAnyOrder("0 team FIRING", "0 acked FIRING");
    JsonNode firing = received.stream().filter(r -> r.hook().equals("team")).findFirst().orElseThrow().body();
    assertThat(firing.get("rule").get("name").asText()).isEqualTo("checkout errors");
    assertThat(firing.get("value").asDouble()).isEqualTo(15.0); // 120 of the window's 800
    assertThat(firing.get("message").asText()).isEqualTo("ERROR RATE 15.0 % ≥ 10 % (120 of 800 requests)");

    assertThat(run(1, 4, 120)).containsExactlyInAnyOrder("3 team REPEAT", "3 acked REPEAT");
    AlarmState s = state(acked);
    assertThat(alarms.replaceState(s, s.acknowledge(new Acknowledgement("alice", clock.millis(), "looking"))))
        .isTrue();
    assertThat(run(5, 30, 120)).containsExactly("6 team REPEAT", "10 oncall ESCALATION", "12 team REPEAT",
        "24 team REPEAT");

    // the errors stop: the window's rate goes 48, 36, 24, 12 %, then 0 % once no failing minute is left in it
    assertThat(run(31, 40, 0)).containsExactlyInAnyOrder("35 team RECOVERY", "35 oncall RECOVERY",
        "35 acked RECOVERY");
    assertThat(state(team).status()).isEqualTo(AlarmState.Status.OK);
    // every delivery is in the history with the receiver's answer
    await(() -> events(team).stream().allMatch(e -> e.deliveries().size() == (e.type() == AlarmEvent.Type.RECOVERY
        ? 2 : 1)));
    assertThat(events(team)).allSatisfy(e -> assertThat(e.deliveries()).allSatisfy(d -> {
      assertThat(d.delivered()).isTrue();
      assertThat(d.detail()).isEqualTo("HTTP 200");
    }));
  }

  @Test
  void aRuleWhoseReceiverHangsDoesNotDelayTheOthers() {
    AlarmRule stuck = rule("stuck", "/hang", null);
    AlarmRule fine = rule("fine", "/hook/team", null);

    assertThat(run(0, 0, 60)).containsExactly("0 team FIRING");
    await(() -> hangingRequests.get() == 1);
    await(() -> events(fine).get(0).deliveries().size() == 1);
    assertThat(events(stuck).get(0).deliveries()).isEmpty();
    assertThat(run(1, 3, 60)).containsExactly("3 team REPEAT");
    await(() -> hangingRequests.get() == 2); // its REPEAT went out too, and hangs as well
  }

  @Test
  void aReceiverAnswering500ForOneRuleLeavesAFailedDeliveryWhileTheOtherRulesNotificationArrives() {
    AlarmRule failing = rule("failing", "/fail", null);
    AlarmRule fine = rule("fine", "/hook/team", null);

    assertThat(run(0, 0, 60)).containsExactly("0 team FIRING");
    await(() -> events(failing).size() == 1 && events(failing).get(0).deliveries().size() == 1
        && events(fine).get(0).deliveries().size() == 1);
    assertThat(failedRequests.get()).isEqualTo(1);
    assertThat(events(failing).get(0).deliveries().get(0)).satisfies(d -> {
      assertThat(d.delivered()).isFalse();
      assertThat(d.attempts()).isEqualTo(1);
      assertThat(d.detail()).startsWith("HTTP 500");
    });
    assertThat(events(fine).get(0).deliveries().get(0).detail()).isEqualTo("HTTP 200");
    // the failed delivery is not retried by the evaluator: the next notification is the REPEAT on schedule
    assertThat(run(1, 3, 60)).containsExactly("3 team REPEAT");
  }

  /** The real dispatcher, counting what it is handed per channel target (so a step can wait for arrivals). */
  private static final class CountingDispatcher implements Dispatcher {
    private final Dispatcher real;
    final AtomicInteger handed = new AtomicInteger();
    private final List<String> targets = new CopyOnWriteArrayList<>();

    CountingDispatcher(Dispatcher real) {
      this.real = real;
    }

    int handedTo(String pathEnd) {
      return (int) targets.stream().filter(t -> t.endsWith(pathEnd)).count();
    }

    @Override
    public CompletableFuture<Delivery> deliver(Notification n, AlarmChannel channel) {
      targets.add(channel.target());
      handed.incrementAndGet();
      return real.deliver(n, channel);
    }
  }
}
