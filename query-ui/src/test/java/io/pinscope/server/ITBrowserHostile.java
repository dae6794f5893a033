package io.pinscope.server;

import static io.pinscope.server.BrowserFixture.bytes;
import static io.pinscope.server.BrowserFixture.kv;
import static io.pinscope.server.BrowserFixture.newSpanId;
import static io.pinscope.server.BrowserFixture.newTraceId;
import static io.pinscope.server.BrowserFixture.request;
import static io.pinscope.server.BrowserFixture.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.trace.v1.Span;
import io.pinscope.ui.SecurityHeaders;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Telemetry is data, never markup: spans whose names and attributes, a database address and a log body carry
 * {@code <img onerror>} and {@code <script>} payloads (each would set {@code window.__xss}) are shown as text in
 * the transaction view (call tree, span details, logs) and on the server map, in headless Chromium against a
 * live server. Three independent proofs: {@code window.__xss} stays undefined, the DOM holds no element the
 * payloads would have created, and the page saw no Content-Security-Policy violation (the policy would block an
 * injected handler, and the UI itself must work under it). The API answers carry the policy too.
 */
class ITBrowserHostile extends WithBrowser {
  private static final String APP = "xss-shop";
  private static final String IMG = "<img src=x onerror=\"window.__xss='img'\">";
  private static final String SCRIPT = "<script>window.__xss='script'</script>";
  private static final String SPAN_NAME = "GET /search" + IMG;
  private static final String ATTRIBUTE = "q=" + SCRIPT + IMG;
  private static final String DB_HOST = "db" + IMG.replace(' ', '_');
  private static final String LOG_BODY = "user said " + IMG + SCRIPT;

  private String traceId;

  @BeforeAll
  void start() throws Exception {
    fixture = BrowserFixture.start();
    List<String> ids = new ArrayList<>();
    byte[] trace = newTraceId(ids);
    traceId = ids.get(0);
    long root = newSpanId();
    long start = System.currentTimeMillis() * 1_000_000L - 5_000_000_000L;
    Span entry = span(trace, root, 0, SPAN_NAME, Span.SpanKind.SPAN_KIND_SERVER, start, 40, false, 1)
        .addAttributes(kv("http.request.method", "GET")).addAttributes(kv("url.path", "/search"))
        .addAttributes(kv("http.route", "/search")).addAttributes(kv("user.query", ATTRIBUTE))
        .addAttributes(kv(IMG, "a key with markup"))
        .addEvents(Span.Event.newBuilder().setName("exception" + SCRIPT).setTimeUnixNano(start + 1000)
            .addAttributes(kv("exception.message", IMG))).build();
    Span db = span(trace, root + 1, root, "SELECT " + SCRIPT, Span.SpanKind.SPAN_KIND_CLIENT, start + 2_000_000, 10,
        true, 1).addAttributes(kv("db.system", "mysql")).addAttributes(kv("server.address", DB_HOST))
        .addAttributes(kv("db.name", DB_HOST)).addAttributes(kv("db.statement", "SELECT '" + SCRIPT + "'")).build();
    fixture.post("/v1/traces", request(APP, List.of(entry, db)));
    fixture.post("/v1/logs", ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
        .setResource(BrowserFixture.javaResource(APP, APP + "-1")).addScopeLogs(ScopeLogs.newBuilder()
            .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(start + 3_000_000).setSeverityText("WARN" + IMG)
                .setSeverityNumberValue(13).setBody(AnyValue.newBuilder().setStringValue(LOG_BODY))
                .setTraceId(ByteString.copyFrom(trace)).setSpanId(bytes(root))))).build());
    fixture.awaitMap(APP, "\"" + APP + "\"");
  }

  @Test
  @Order(1)
  void theTransactionView_showsMarkupInNamesAttributesAndLogsAsText() throws Exception {
    fixture.open("transaction/" + traceId);
    fixture.waitFor(By.cssSelector("[data-testid=transaction-view]"));
    WebElement logs = fixture.waitFor(By.cssSelector("[data-testid=tx-log-row]"));
    assertThat(logs.getText()).contains(LOG_BODY);
    WebElement calltree = fixture.waitFor(By.cssSelector("[data-testid=calltree]"));
    new WebDriverWait(fixture.browser, BrowserFixture.WAIT).until(d -> calltree.getText().contains(SPAN_NAME));
    assertThat(calltree.getText()).contains(SPAN_NAME);

    for (WebElement row : fixture.browser.findElements(By.cssSelector("[data-testid=calltree-row]"))) {
      if (row.getText().contains(SPAN_NAME)) {
        row.click();
        break;
      }
    }
    WebElement detail = fixture.waitFor(By.cssSelector("[data-testid=span-detail] [data-testid=span-attr]"));
    WebElement attributes = fixture.waitFor(By.cssSelector("[data-testid=span-detail]"));
    new WebDriverWait(fixture.browser, BrowserFixture.WAIT).until(d -> attributes.getText().contains(ATTRIBUTE));
    assertThat(attributes.getText()).contains(ATTRIBUTE).contains(IMG);
    assertThat(detail.isDisplayed()).isTrue();
    fixture.screenshot("hostile-1-transaction");
    assertNothingRan();
  }

  @Test
  @Order(2)
  void theServerMap_showsMarkupInNodeNamesAsText() throws Exception {
    fixture.open("map?application=" + APP + "&range=1h");
    WebElement node = new WebDriverWait(fixture.browser, BrowserFixture.WAIT).until(d -> {
      for (WebElement n : d.findElements(By.cssSelector("[data-testid=map-node]"))) {
        String key = n.getAttribute("data-key");
        if (key != null && key.contains("onerror")) {
          return n;
        }
      }
      return null;
    });
    assertThat(node.getAttribute("data-key")).contains(DB_HOST);
    assertThat(node.findElement(By.cssSelector("[data-testid=map-node-name]")).getText())
        .as("the name as text (it may be shortened to fit)").contains("<img");
    fixture.screenshot("hostile-2-map");
    assertNothingRan();
  }

  @Test
  @Order(3)
  void uiAndApiAnswers_carryTheSecurityHeaders() {
    WebClient client = WebClient.of(fixture.base);
    for (String path : List.of("/", "/api/v1/applications", "/api/v1/traces/" + traceId, "/api/v1/no-such")) {
      AggregatedHttpResponse r = client.get(path).aggregate().join();
      assertThat(r.headers().get("content-security-policy")).as(path)
          .isEqualTo(SecurityHeaders.CONTENT_SECURITY_POLICY);
      assertThat(r.headers().get("x-content-type-options")).as(path).isEqualTo("nosniff");
    }
  }

  @Test
  @Order(4)
  void theViolationWatcher_seesABlockedInlineScript() {
    // Proves that an empty cspViolations() above means something: the policy is enforced and seen.
    fixture.open("map?application=" + APP);
    fixture.waitFor(By.cssSelector("[data-testid=map-view]"));
    ((JavascriptExecutor) fixture.browser).executeScript("const s = document.createElement('script');"
        + " s.textContent = 'window.__xss = \"inline\"'; document.head.appendChild(s);");
    List<String> seen = new WebDriverWait(fixture.browser, BrowserFixture.WAIT)
        .until(d -> fixture.cspViolations().isEmpty() ? null : fixture.cspViolations());
    assertThat(seen).anyMatch(v -> v.startsWith("script-src"));
    assertThat(((JavascriptExecutor) fixture.browser).executeScript("return typeof window.__xss"))
        .isEqualTo("undefined");
    // Forget the provoked violation, so that BrowserFixture.close() reports real ones only.
    ((JavascriptExecutor) fixture.browser).executeScript("sessionStorage.removeItem('__csp');");
  }

  /** No payload ran, none became an element, and the UI broke no rule of its policy. */
  private void assertNothingRan() {
    JavascriptExecutor js = (JavascriptExecutor) fixture.browser;
    assertThat(js.executeScript("return typeof window.__xss")).as("window.__xss").isEqualTo("undefined");
    assertThat(js.executeScript("return document.querySelectorAll('img[src=x], img[onerror]').length"))
        .as("img elements made from the payloads").isEqualTo(0L);
    assertThat(js.executeScript("return Array.from(document.scripts).filter(s => s.text.includes('__xss')).length"))
        .as("script elements made from the payloads").isEqualTo(0L);
    assertThat(fixture.cspViolations()).as("Content-Security-Policy violations").isEmpty();
  }
}
