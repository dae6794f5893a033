package io.pinscope.server;

import static io.pinscope.server.BrowserFixture.kv;
import static io.pinscope.server.BrowserFixture.newSpanId;
import static io.pinscope.server.BrowserFixture.newTraceId;
import static io.pinscope.server.BrowserFixture.request;
import static io.pinscope.server.BrowserFixture.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The alarms page in headless Chromium against a live server evaluating its rules every second: the application
 * {@code checkout} first serves {@link #HEALTHY} good requests; a rule ERROR RATE ≥ 10 % made through the page's
 * form, with a webhook to a local receiver, is OK; then {@link #FAILED} failed requests (50 % of all) make it
 * FIRING on the page and at the receiver; acknowledged on the page, it shows who acknowledged and the history
 * shows the ACKNOWLEDGED event and the FIRING one's delivery. An invalid rule shows the API's message naming the
 * field. Screenshots land in {@code target/screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ITBrowserAlarms {
  private static final String APP = "checkout";
  private static final String RULE = "checkout errors";
  private static final int HEALTHY = 20;
  private static final int FAILED = 20;
  /** Evaluation every second; from firing to the page's next poll (5 s) and the webhook's delivery. */
  private static final Duration ALARM_WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private Server receiver;
  private String hook;
  private BrowserFixture fixture;

  @BeforeAll
  void start() throws Exception {
    receiver = Server.builder().http(new InetSocketAddress("127.0.0.1", 0)).gracefulShutdownTimeoutMillis(0, 0)
        .service("/hook", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(r -> {
          try {
            received.add(JSON.readTree(r.contentUtf8()));
            return HttpResponse.of(HttpStatus.OK);
          } catch (IOException e) {
            return HttpResponse.of(HttpStatus.BAD_REQUEST);
          }
        }))).build();
    receiver.start().join();
    hook = "http://127.0.0.1:" + receiver.activeLocalPort() + "/hook";
    fixture = BrowserFixture.start("--alarm-interval-seconds", "1", "--alarm-window-minutes", "5");
    feed(HEALTHY, false);
    fixture.awaitApi("/api/v1/applications", body -> body.contains("\"" + APP + "\""), "the application " + APP);
  }

  @AfterAll
  void stop() {
    try {
      if (fixture != null) {
        fixture.close();
      }
    } finally {
      if (receiver != null) {
        receiver.stop().join();
      }
    }
  }

  @Test
  @Order(1)
  void anInvalidRule_showsTheApisMessageNamingTheField() throws Exception {
    openAlarmsFromTheNav();
    fixture.waitFor(By.cssSelector("[data-testid=rule-new]:not([disabled])")).click();
    fixture.waitFor(By.cssSelector("[data-testid=rule-name]")).sendKeys("bad threshold");
    // A kind with an option (at its default) and a target-less, count unit; escalation with its own channels.
    new Select(fixture.waitFor(By.cssSelector("[data-testid=rule-kind]"))).selectByValue("AGENT_DOWN");
    assertThat(fixture.waitFor(By.cssSelector("[data-testid=rule-option][data-name=minutes]")).getAttribute("value"))
        .isEqualTo("5");
    assertThat(fixture.waitFor(By.cssSelector("[data-testid=rule-unit]")).getText()).isEqualTo("count");
    assertThat(fixture.browser.findElements(By.cssSelector("[data-testid=rule-target]"))).isEmpty();
    fixture.waitFor(By.cssSelector("[data-testid=rule-escalate]")).click();
    fixture.waitFor(By.cssSelector("[data-testid=rule-escalation-channel-add]")).click();
    new Select(fixture.waitFor(By.cssSelector("[data-testid=rule-escalation-channel-type]"))).selectByValue("EMAIL");
    new Select(fixture.waitFor(By.cssSelector("[data-testid=rule-kind]"))).selectByValue("ERROR_RATE_TO_CALLEE");
    assertThat(fixture.browser.findElements(By.cssSelector("[data-testid=rule-option]"))).isEmpty();
    fixture.waitFor(By.cssSelector("[data-testid=rule-target]"));
    fixture.screenshot("alarms-0-rule-form-options");
    fixture.waitFor(By.cssSelector("[data-testid=rule-escalate]")).click();
    new Select(fixture.waitFor(By.cssSelector("[data-testid=rule-kind]"))).selectByValue("ERROR_RATE");
    fixture.waitFor(By.cssSelector("[data-testid=rule-threshold]")).sendKeys("-1");
    fixture.waitFor(By.cssSelector("[data-testid=rule-save]")).click();

    WebElement error = fixture.waitFor(By.cssSelector("[data-testid=rule-error]"));
    assertThat(error.getText()).startsWith("400: threshold: -1").contains("expected");
    assertThat(error.getAttribute("data-field")).isEqualTo("threshold");
    assertThat(fixture.waitFor(By.cssSelector("[data-testid=rule-threshold]")).getAttribute("class")).contains("invalid");
    fixture.screenshot("alarms-1-invalid-rule");

    fixture.waitFor(By.cssSelector("[data-testid=rule-cancel]")).click();
    assertThat(rules()).as("nothing stored").isEmpty();
  }

  @Test
  @Order(2)
  void anErrorRateRule_firesNotifiesAndIsAcknowledged() throws Exception {
    openAlarmsFromTheNav();
    fixture.waitFor(By.cssSelector("[data-testid=rule-new]:not([disabled])")).click();
    fixture.waitFor(By.cssSelector("[data-testid=rule-name]")).sendKeys(RULE);
    new Select(fixture.waitFor(By.cssSelector("[data-testid=rule-kind]"))).selectByValue("ERROR_RATE");
    WebElement help = fixture.waitFor(By.cssSelector("[data-testid=rule-kind-help][data-unit='%']"));
    assertThat(help.getAttribute("data-fires-when")).isEqualTo("ABOVE");
    assertThat(help.getText()).contains("at or above the threshold");
    fixture.waitFor(By.cssSelector("[data-testid=rule-threshold]")).sendKeys("10");
    fixture.waitFor(By.cssSelector("[data-testid=rule-channel-add]")).click();
    assertThat(new Select(fixture.waitFor(By.cssSelector("[data-testid=rule-channel-type]"))).getFirstSelectedOption()
        .getAttribute("value")).isEqualTo("WEBHOOK");
    fixture.waitFor(By.cssSelector("[data-testid=rule-channel-target]")).sendKeys(hook);
    fixture.screenshot("alarms-2-rule-form");
    fixture.waitFor(By.cssSelector("[data-testid=rule-save]")).click();

    // Stored as typed, then evaluated over the healthy traffic: OK at 0 %.
    String row = "[data-testid=alarm-row][data-rule-name='" + RULE + "']";
    awaitAlarm(row + "[data-status=OK]");
    assertThat(fixture.browser.findElements(By.cssSelector("[data-testid=rule-form]"))).as("closed once saved").isEmpty();
    JsonNode rules = rules();
    assertThat(rules).hasSize(1);
    assertThat(rules.get(0).get("kind").asText()).isEqualTo("ERROR_RATE");
    assertThat(rules.get(0).get("threshold").asDouble()).isEqualTo(10.0);
    assertThat(rules.get(0).get("channels").get(0).get("target").asText()).isEqualTo(hook);
    assertThat(cell(row, "alarm-value")).isEqualTo("0 %");
    assertThat(cell(row, "alarm-threshold")).isEqualTo("≥ 10 %");
    assertThat(received).as("nothing sent while OK").isEmpty();

    feed(FAILED, true);
    awaitAlarm(row + "[data-status=FIRING]");
    JsonNode firing = awaitWebhook("FIRING");
    assertThat(firing.get("rule").get("name").asText()).isEqualTo(RULE);
    assertThat(firing.get("application").asText()).isEqualTo(APP);
    assertThat(cell(row, "alarm-value")).isEqualTo("50 %");
    assertThat(cell(row, "alarm-message")).isNotBlank();
    assertThat(cell(row, "alarm-since")).isNotEqualTo("-");
    assertThat(cell(row, "alarm-acknowledged")).isEqualTo("-");
    fixture.screenshot("alarms-3-firing");

    fixture.waitFor(By.cssSelector(row + " [data-testid=alarm-ack-open]")).click();
    fixture.waitFor(By.cssSelector("[data-testid=alarm-ack-by]")).sendKeys("alice");
    fixture.waitFor(By.cssSelector("[data-testid=alarm-ack-comment]")).sendKeys("looking into the payment errors");
    fixture.screenshot("alarms-3b-acknowledging");
    fixture.waitFor(By.cssSelector("[data-testid=alarm-ack-submit]")).click();

    fixture.waitFor(By.cssSelector(row + "[data-status=FIRING][data-acknowledged-by=alice]"));
    assertThat(cell(row, "alarm-acknowledged")).startsWith("alice at ").contains("looking into the payment errors");
    assertThat(fixture.browser.findElements(By.cssSelector(row + " [data-testid=alarm-ack-open]"))).isEmpty();
    // The history: the acknowledgement above the firing event, whose webhook delivery was recorded.
    fixture.waitFor(By.cssSelector("[data-testid=history-row][data-type=ACKNOWLEDGED]"));
    new WebDriverWait(fixture.browser, BrowserFixture.WAIT).until(d -> !d.findElements(By.cssSelector(
        "[data-testid=history-row][data-type=FIRING] [data-testid=history-delivery][data-delivered=true]")).isEmpty());
    List<String> types = new ArrayList<>();
    for (WebElement r : fixture.browser.findElements(By.cssSelector("[data-testid=history-row]"))) {
      types.add(r.getAttribute("data-type"));
    }
    assertThat(types).as("newest first").containsSubsequence("ACKNOWLEDGED", "FIRING");
    WebElement fired = fixture.waitFor(By.cssSelector("[data-testid=history-row][data-type=FIRING]"));
    WebElement delivery = fired.findElement(By.cssSelector("[data-testid=history-delivery]"));
    assertThat(delivery.getAttribute("data-channel-type")).isEqualTo("WEBHOOK");
    assertThat(delivery.getText()).startsWith("✓ WEBHOOK").contains(hook).contains("1 attempt");
    fixture.screenshot("alarms-4-acknowledged");
  }

  @Test
  @Order(3)
  void aSilence_isListedAndDeleted() throws Exception {
    openAlarmsFromTheNav();
    fixture.waitFor(By.xpath("//select[@data-testid='silence-rule']/option[text()='" + RULE + "']"));
    new Select(fixture.waitFor(By.cssSelector("[data-testid=silence-rule]"))).selectByVisibleText(RULE);
    fixture.waitFor(By.cssSelector("[data-testid=silence-reason]")).sendKeys("payment provider maintenance");
    fixture.waitFor(By.cssSelector("[data-testid=silence-created-by]")).sendKeys("bob");
    fixture.waitFor(By.cssSelector("[data-testid=silence-add]")).click();
    WebElement silence = fixture.waitFor(By.cssSelector("[data-testid=silence-row][data-active=true]"));
    assertThat(silence.getText()).contains(RULE).contains("payment provider maintenance").contains("bob");
    fixture.waitFor(By.cssSelector("[data-testid=alarm-row][data-rule-name='" + RULE + "'] [data-testid=alarm-silenced]"));
    new WebDriverWait(fixture.browser, BrowserFixture.WAIT).ignoring(StaleElementReferenceException.class).until(d -> !"-".equals(
        cell("[data-testid=alarm-row][data-rule-name='" + RULE + "']", "alarm-silenced")));
    fixture.screenshot("alarms-5-silence");

    silence.findElement(By.cssSelector("[data-testid=silence-delete]")).click();
    fixture.waitForCount(By.cssSelector("[data-testid=silence-row]"), 0);
  }

  @Test
  @Order(4)
  void raisingTheThresholdInTheEditForm_recoversTheAlarm() throws Exception {
    openAlarmsFromTheNav();
    String row = "[data-testid=alarm-row][data-rule-name='" + RULE + "']";
    fixture.waitFor(By.cssSelector(row + " [data-testid=alarm-edit]")).click();
    fixture.waitFor(By.cssSelector("[data-testid=rule-form][data-mode=edit]"));
    WebElement threshold = fixture.waitFor(By.cssSelector("[data-testid=rule-threshold]"));
    assertThat(threshold.getAttribute("value")).isEqualTo("10");
    assertThat(fixture.waitFor(By.cssSelector("[data-testid=rule-channel-target]")).getAttribute("value")).isEqualTo(hook);
    // Select-all and type (WebElement.clear() bypasses React's change handler).
    threshold.sendKeys(Keys.chord(Keys.CONTROL, "a"), "60");
    fixture.waitFor(By.cssSelector("[data-testid=rule-save]")).click();

    // 50 % is under 60 %: the alarm recovers, the receiver hears it, the history shows it.
    awaitAlarm(row + "[data-status=OK]");
    assertThat(rules().get(0).get("threshold").asDouble()).isEqualTo(60.0);
    assertThat(cell(row, "alarm-threshold")).isEqualTo("≥ 60 %");
    assertThat(awaitWebhook("RECOVERY").get("rule").get("name").asText()).isEqualTo(RULE);
    fixture.waitFor(By.cssSelector("[data-testid=history-row][data-type=RECOVERY]"));
    assertThat(cell(row, "alarm-acknowledged")).as("an acknowledgement lasts until recovery").isEqualTo("-");
    // The history of this rule alone: its whole story, newest first.
    new Select(fixture.waitFor(By.cssSelector("[data-testid=history-rule]"))).selectByVisibleText(RULE);
    new WebDriverWait(fixture.browser, BrowserFixture.WAIT).ignoring(StaleElementReferenceException.class).until(d -> d
        .findElements(By.cssSelector("[data-testid=history-row]")).stream().map(r -> r.getAttribute("data-type")).toList()
        .equals(List.of("RECOVERY", "ACKNOWLEDGED", "FIRING")));
    fixture.screenshot("alarms-6-recovered");
  }

  /** The alarms page of {@link #APP}, reached from the application's map through the navigation's tab. */
  private void openAlarmsFromTheNav() {
    fixture.open("map?application=" + APP);
    fixture.waitFor(By.cssSelector("[data-testid=nav-tab][data-view=alarms]")).click();
    fixture.waitFor(By.cssSelector("[data-testid=alarms-view][data-application=" + APP + "]"));
    assertThat(fixture.browser.getCurrentUrl()).contains("#/alarms?application=" + APP);
    assertThat(fixture.browser.findElements(By.cssSelector("[data-testid=header] [data-testid=range-preset]")))
        .as("no time range: the page shows now").isEmpty();
  }

  /** Waits (flushing the receiver's statistics meanwhile) until the page shows {@code css}. */
  private void awaitAlarm(String css) {
    new WebDriverWait(fixture.browser, ALARM_WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
      fixture.server.receiver().flushStatistics();
      return !d.findElements(By.cssSelector(css)).isEmpty();
    });
  }

  /** Waits until the receiver got a notification of {@code kind} about {@link #RULE}. */
  private JsonNode awaitWebhook(String kind) {
    return new WebDriverWait(fixture.browser, ALARM_WAIT).until(d -> received.stream()
        .filter(n -> kind.equals(n.path("kind").asText()) && RULE.equals(n.path("rule").path("name").asText()))
        .findFirst().orElse(null));
  }

  /** The rules of {@link #APP} as the API lists them. */
  private JsonNode rules() throws IOException {
    return JSON.readTree(WebClient.of(fixture.base).get("/api/v1/alarms/rules?application=" + APP).aggregate().join()
        .contentUtf8()).get("rules");
  }

  private String cell(String row, String testid) {
    return fixture.browser.findElement(By.cssSelector(row + " [data-testid=" + testid + "]")).getText();
  }

  /**
   * {@code count} POST /pay requests of {@link #APP} half a minute into the minute before this one, failed or
   * not: the rules judge complete minutes only, so traffic of the minute in progress would wait for its end.
   */
  private void feed(int count, boolean failed) {
    List<Span> spans = new ArrayList<>();
    long previousMinute = System.currentTimeMillis() / 60_000 * 60_000 - 60_000;
    for (int i = 0; i < count; i++) {
      long start = (previousMinute + 30_000 + i * 50L) * 1_000_000L;
      spans.add(span(newTraceId(new ArrayList<>()), newSpanId(), 0, "POST /pay", Span.SpanKind.SPAN_KIND_SERVER, start,
          40 + i, failed, 0x101).addAttributes(kv("http.request.method", "POST")).addAttributes(kv("http.route", "/pay"))
          .build());
    }
    fixture.post("/v1/traces", request(APP, spans));
  }
}
