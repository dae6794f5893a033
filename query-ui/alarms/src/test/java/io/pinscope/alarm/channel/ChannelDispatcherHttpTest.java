package io.pinscope.alarm.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import io.pinscope.FreePorts;
import io.pinscope.MutableClock;
import io.pinscope.model.alarm.AlarmChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dispatcher against a real local HTTP receiver: payloads, retries, timeouts, isolation, bounds. */
class ChannelDispatcherHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LONG_ERROR = "boom ".repeat(100);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T08:05:02Z"));
  private static HttpReceiver receiver;
  private ChannelDispatcher dispatcher;

  @BeforeAll
  static void startReceiver() {
    receiver = new HttpReceiver(Map.<String, IntFunction<HttpStatus>>of(
        "/ok", n -> HttpStatus.OK,
        "/flaky", n -> n == 1 ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.OK,
        "/throttled", n -> n == 1 ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.NO_CONTENT,
        "/fail", n -> HttpStatus.INTERNAL_SERVER_ERROR,
        "/missing", n -> HttpStatus.NOT_FOUND), LONG_ERROR);
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  @BeforeEach
  void start() {
    receiver.reset();
    dispatcher = fast().build();
  }

  @AfterEach
  void stop() {
    dispatcher.close();
  }

  /** The defaults, but with back-offs short enough for a test. */
  private ChannelDispatcher.Builder fast() {
    return ChannelDispatcher.builder().backoff(Duration.ofMillis(10)).clock(clock);
  }

  private static Delivery await(CompletableFuture<Delivery> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  private AlarmChannel webhook(String path) {
    return new AlarmChannel(AlarmChannel.Type.WEBHOOK, receiver.url(path));
  }

  @Test
  void webhookPostsTheDocumentedJson() throws Exception {
    Delivery d = await(dispatcher.deliver(TestNotifications.firing(), webhook("/ok")));

    assertThat(d).isEqualTo(new Delivery(webhook("/ok"), true, 1, "HTTP 200", clock.millis()));
    HttpReceiver.Received r = receiver.next("/ok");
    assertThat(r.contentType()).isNotNull();
    assertThat(r.contentType().is(MediaType.JSON)).isTrue();
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("version").asInt()).isEqualTo(1);
    assertThat(body.path("kind").asText()).isEqualTo("FIRING");
    assertThat(body.path("summary").asText()).isEqualTo("FIRING: ERROR RATE of shop ≥ 10 % (23.4 %)");
    JsonNode rule = body.path("rule");
    assertThat(rule.path("id").asText()).isEqualTo("r-1");
    assertThat(rule.path("name").asText()).isEqualTo("checkout errors");
    assertThat(rule.path("checker").asText()).isEqualTo("ERROR RATE");
    assertThat(rule.path("threshold").asDouble()).isEqualTo(10.0);
    assertThat(rule.path("unit").asText()).isEqualTo("%");
    assertThat(rule.has("target")).isTrue();
    assertThat(rule.path("target").isNull()).isTrue();
    assertThat(body.path("application").asText()).isEqualTo("shop");
    assertThat(body.path("value").asDouble()).isEqualTo(23.4);
    assertThat(body.path("unit").asText()).isEqualTo("%");
    assertThat(body.path("message").asText()).isEqualTo("23.4 % of 1200 requests failed");
    assertThat(body.path("firstDetected").asText()).isEqualTo("2026-11-30T08:00:00Z");
    assertThat(body.path("firstDetectedMillis").asLong()).isEqualTo(TestNotifications.FIRST_DETECTED);
    assertThat(body.path("evaluated").asText()).isEqualTo("2026-11-30T08:05:00Z");
    assertThat(body.path("evaluatedMillis").asLong()).isEqualTo(TestNotifications.EVALUATED);
    assertThat(body.path("sequence").asInt()).isEqualTo(6);
    assertThat(body.has("link")).isTrue();
    assertThat(body.path("link").isNull()).isTrue();
  }

  @Test
  void slackPostsSlacksIncomingWebhookShape() throws Exception {
    Notification n = new Notification(Notification.Kind.RECOVERY, "r-1", "checkout <errors> & co", "shop",
        "ERROR RATE", null, 10, 2.5, "%", "2.5 % of 800 requests failed", TestNotifications.FIRST_DETECTED,
        TestNotifications.EVALUATED, 1, "https://pinscope.example/#/alarms?application=shop&rule=r-1");
    AlarmChannel slack = new AlarmChannel(AlarmChannel.Type.SLACK, receiver.url("/ok"));

    Delivery d = await(dispatcher.deliver(n, slack));

    assertThat(d.delivered()).as(d.detail()).isTrue();
    JsonNode body = JSON.readTree(receiver.next("/ok").body());
    // Slack's text is mrkdwn, so "<" comes escaped (Slack shows it as "<").
    assertThat(body.path("text").asText()).isEqualTo("RECOVERED: ERROR RATE of shop &lt; 10 % (2.5 %)");
    JsonNode blocks = body.path("blocks");
    assertThat(blocks.isArray()).isTrue();
    assertThat(blocks).extracting(b -> b.path("type").asText()).containsExactly("section", "context");
    JsonNode section = blocks.get(0).path("text");
    assertThat(section.path("type").asText()).isEqualTo("mrkdwn");
    assertThat(section.path("text").asText())
        .startsWith(":large_green_circle: *RECOVERED: ERROR RATE of shop &lt; 10 % (2.5 %)*")
        .contains("2.5 % of 800 requests failed")
        .endsWith("<https://pinscope.example/#/alarms?application=shop&amp;rule=r-1|Open in Pinscope>")
        .hasSizeLessThanOrEqualTo(SlackPayload.MAX_TEXT_CHARS);
    JsonNode elements = blocks.get(1).path("elements");
    assertThat(elements.size()).isBetween(1, 10);
    assertThat(elements).allSatisfy(e -> {
      assertThat(e.path("type").asText()).isEqualTo("mrkdwn");
      assertThat(e.path("text").asText()).isNotBlank();
    });
    // User text is escaped as Slack requires: a rule name cannot inject <!channel> or a link.
    assertThat(elements.get(0).path("text").asText()).isEqualTo("Rule *checkout &lt;errors&gt; &amp; co* (r-1)");
  }

  @Test
  void retriesAfterA500AndDeliversOnTheSecondAttempt() throws Exception {
    Delivery d = await(dispatcher.deliver(TestNotifications.firing(), webhook("/flaky")));

    assertThat(d.delivered()).as(d.detail()).isTrue();
    assertThat(d.attempts()).isEqualTo(2);
    assertThat(d.detail()).isEqualTo("HTTP 200");
    assertThat(receiver.hits("/flaky")).isEqualTo(2);
  }

  @Test
  void retriesA429() throws Exception {
    Delivery d = await(dispatcher.deliver(TestNotifications.firing(), webhook("/throttled")));

    assertThat(d.delivered()).isTrue();
    assertThat(d.attempts()).isEqualTo(2);
    assertThat(d.detail()).isEqualTo("HTTP 204");
  }

  @Test
  void givesUpAfterThreeAttemptsOfA500WithTheStartOfTheBody() throws Exception {
    Delivery d = await(dispatcher.deliver(TestNotifications.firing(), webhook("/fail")));

    assertThat(d.delivered()).isFalse();
    assertThat(d.attempts()).isEqualTo(3);
    assertThat(d.detail()).isEqualTo("HTTP 500: " + LONG_ERROR.substring(0, 200));
    assertThat(d.finishedMillis()).isEqualTo(clock.millis());
    assertThat(receiver.hits("/fail")).isEqualTo(3);
  }

  @Test
  void doesNotRetryA404() throws Exception {
    Delivery d = await(dispatcher.deliver(TestNotifications.firing(), webhook("/missing")));

    assertThat(d.delivered()).isFalse();
    assertThat(d.attempts()).isEqualTo(1);
    assertThat(d.detail()).startsWith("HTTP 404: boom");
    // Retries happen before the delivery completes, so one request now means none was retried.
    assertThat(receiver.hits("/missing")).isEqualTo(1);
  }

  @Test
  void aReceiverThatNeverAnswersTimesOut() throws Exception {
    try (ChannelDispatcher quick = fast().timeout(Duration.ofMillis(1000)).attempts(2).build()) {
      Delivery d = await(quick.deliver(TestNotifications.firing(), webhook("/hang")));

      assertThat(d.delivered()).isFalse();
      assertThat(d.detail()).isEqualTo("timed out after 1000 ms");
      assertThat(d.attempts()).isEqualTo(2);
    }
  }

  @Test
  void aHangingReceiverDoesNotDelayADeliveryToAnother() throws Exception {
    // A long timeout: the hanging delivery stays pending for the whole test, whatever the machine's speed.
    try (ChannelDispatcher patient = fast().timeout(Duration.ofMinutes(5)).build()) {
      CompletableFuture<Delivery> hanging = patient.deliver(TestNotifications.firing(), webhook("/hang"));
      receiver.next("/hang");

      CompletableFuture<Delivery> healthy = patient.deliver(TestNotifications.firing(), webhook("/ok"));
      Delivery d = await(healthy);

      assertThat(d.delivered()).isTrue();
      assertThat(hanging).isNotDone();
      receiver.release(HttpStatus.OK);
      assertThat(await(hanging).delivered()).isTrue();
    }
  }

  @Test
  void aFailingReceiverWaitingToRetryDoesNotDelayADeliveryToAnother() throws Exception {
    try (ChannelDispatcher patient = fast().backoff(Duration.ofMinutes(10)).build()) {
      CompletableFuture<Delivery> failing = patient.deliver(TestNotifications.firing(), webhook("/fail"));
      receiver.next("/fail");

      Delivery d = await(patient.deliver(TestNotifications.firing(), webhook("/ok")));

      assertThat(d.delivered()).isTrue();
      assertThat(failing).isNotDone();
    }
  }

  @Test
  void aConnectionRefusedIsRetriedAndSaysSo() throws Exception {
    int closedPort = FreePorts.of(1)[0];
    AlarmChannel nobody = new AlarmChannel(AlarmChannel.Type.WEBHOOK, "http://127.0.0.1:" + closedPort + "/hook");

    Delivery d = await(dispatcher.deliver(TestNotifications.firing(), nobody));

    assertThat(d.delivered()).isFalse();
    assertThat(d.attempts()).isEqualTo(3);
    assertThat(d.detail()).isEqualTo("connection refused");
  }

  @Test
  void refusesAtOnceWhenTooManyAreInFlight() throws Exception {
    try (ChannelDispatcher small = fast().timeout(Duration.ofMinutes(5)).maxInFlight(1).build()) {
      CompletableFuture<Delivery> first = small.deliver(TestNotifications.firing(), webhook("/hang"));
      CompletableFuture<Delivery> second = small.deliver(TestNotifications.firing(), webhook("/ok"));

      assertThat(second).isDone();
      assertThat(second.join().delivered()).isFalse();
      assertThat(second.join().detail()).isEqualTo("dispatcher queue full (1 in flight)");
      receiver.release(HttpStatus.OK);
      assertThat(await(first).delivered()).isTrue();
      // The slot is free again once the first has finished.
      assertThat(await(small.deliver(TestNotifications.firing(), webhook("/ok"))).delivered()).isTrue();
    }
  }

  @Test
  void closeCancelsAPendingRetry() throws Exception {
    ChannelDispatcher slow = fast().backoff(Duration.ofMinutes(10)).build();
    CompletableFuture<Delivery> f = slow.deliver(TestNotifications.firing(), webhook("/fail"));
    receiver.next("/fail");

    slow.close();

    // Completes now, not after the 10-minute back-off.
    Delivery d = await(f);
    assertThat(d.delivered()).isFalse();
    assertThat(d.detail()).startsWith("dispatcher closed");
    assertThat(d.attempts()).isEqualTo(1);
    assertThat(await(slow.deliver(TestNotifications.firing(), webhook("/ok"))).detail())
        .isEqualTo("dispatcher closed");
  }

  @Test
  void anUnusableTargetFailsAtOnceWithoutAnAttempt() throws Exception {
    AlarmChannel bad = new AlarmChannel(AlarmChannel.Type.WEBHOOK, "ftp://example.com/hook");

    Delivery d = await(dispatcher.deliver(TestNotifications.firing(), bad));

    assertThat(d.delivered()).isFalse();
    assertThat(d.attempts()).isEqualTo(1);
    assertThat(d.detail()).isEqualTo("target: \"ftp://example.com/hook\" (expected: an http or https URL)");
  }

  @Test
  void linksPointUnderThePublicBaseUrl() throws Exception {
    try (ChannelDispatcher linked = fast().publicBaseUrl("https://pinscope.example/").build()) {
      await(linked.deliver(TestNotifications.firing(), webhook("/ok")));

      assertThat(JSON.readTree(receiver.next("/ok").body()).path("link").asText())
          .isEqualTo("https://pinscope.example/#/alarms?application=shop&rule=r-1");
    }
  }
}
