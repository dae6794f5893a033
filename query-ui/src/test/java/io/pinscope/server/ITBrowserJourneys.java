package io.pinscope.server;

import static io.pinscope.server.BrowserFixture.newSpanId;
import static io.pinscope.server.BrowserFixture.newTraceId;
import static io.pinscope.server.BrowserFixture.kv;
import static io.pinscope.server.BrowserFixture.request;
import static io.pinscope.server.BrowserFixture.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The main user journeys in headless Chromium (Debian's package, driven by its ChromeDriver) against a
 * live server fed over OTLP with a known trace set: the map shows the expected nodes and links with their
 * counts; a drag-select on the scatter lists the expected transactions; opening one shows the whole
 * cross-service call tree, with its Application and Agent columns in view, under a header that still names
 * the application and range it came from; deep links reopen the same views; an application only a Pinpoint
 * agent called draws that caller with its count; a node's instance opens the application's agent list.
 * Screenshots land in {@code target/screenshots}.
 */
class ITBrowserJourneys extends WithBrowser {
  private static final int TRACES = 12;
  /** Calls into {@code billing} from a Pinpoint agent ({@code legacy-front}, Tomcat) that sends nothing itself. */
  private static final int PINPOINT_CALLS = 5;
  private static final Duration WAIT = BrowserFixture.WAIT;

  private WebDriver browser;
  private String base;
  private final List<String> traceIds = new ArrayList<>();
  private final List<String> billingTraceIds = new ArrayList<>();
  private String transactionUrl;

  @BeforeAll
  void start() throws Exception {
    fixture = BrowserFixture.start();
    browser = fixture.browser;
    base = fixture.base;
    feed();
    fixture.awaitMap("web", "shop^MYSQL", "\"totalCount\":" + TRACES);
    fixture.awaitMap("billing", "legacy-front^TOMCAT");
  }

  @Test
  @Order(1)
  void serverMap_showsTheNodesAndLinksWithTheirCounts() throws IOException {
    WebElement orders = mapNode("application=web&range=1h&inbound=1&outbound=2", "orders^JAVA", "SERVER");
    assertThat(keys(browser.findElements(By.cssSelector("[data-testid=map-node]")))).contains(
        "web^USER", "web^JAVA", "orders^JAVA", "shop^MYSQL");
    assertThat(link("web^USER", "web^JAVA").getAttribute("data-count")).isEqualTo("" + TRACES);
    assertThat(link("web^JAVA", "orders^JAVA").getAttribute("data-count")).isEqualTo("" + TRACES);
    assertThat(link("orders^JAVA", "shop^MYSQL").getAttribute("data-count")).isEqualTo("" + TRACES);
    assertThat(link("web^JAVA", "orders^JAVA").getAttribute("data-errors")).isEqualTo("1");

    orders.click();
    // The panel shows before its node detail has loaded: wait for the total itself.
    WebElement total = waitFor(By.cssSelector("[data-testid=node-panel][data-key='orders^JAVA'] [data-testid=side-total]"));
    assertThat(total.getText()).contains("" + TRACES);
    screenshot("1-server-map");
  }

  @Test
  @Order(2)
  void scatterDragSelect_listsTheTransactions() throws IOException {
    browser.get(base + "/#/map?application=web&range=1h");
    WebElement canvas = waitFor(By.cssSelector("[data-testid=scatter-canvas][data-dots='" + TRACES + "']"));
    int left = Integer.parseInt(canvas.getAttribute("data-plot-left"));
    int top = Integer.parseInt(canvas.getAttribute("data-plot-top"));
    int width = Integer.parseInt(canvas.getAttribute("data-plot-width"));
    int height = Integer.parseInt(canvas.getAttribute("data-plot-height"));
    int cx = canvas.getRect().getWidth() / 2;
    int cy = canvas.getRect().getHeight() / 2;
    new Actions(browser).moveToElement(canvas, left + 1 - cx, top + 1 - cy).clickAndHold()
        .moveByOffset(width - 2, height - 2).release().perform();

    new WebDriverWait(browser, WAIT).until(d -> d.findElements(By.cssSelector("[data-testid=tx-row]")).size() == TRACES);
    List<String> listed = new ArrayList<>();
    for (WebElement row : browser.findElements(By.cssSelector("[data-testid=tx-row]"))) {
      listed.add(row.getAttribute("data-trace-id"));
    }
    assertThat(listed).containsExactlyInAnyOrderElementsOf(traceIds);
    screenshot("2-scatter-selection");

    browser.findElements(By.cssSelector("[data-testid=tx-row]")).get(0).click();
    waitFor(By.cssSelector("[data-testid=transaction-view]"));
    assertKeepsContext("web", "1h");
    browser.navigate().back();
    WebElement traceLink = waitFor(By.cssSelector("[data-testid=tx-trace-id] a"));
    traceLink.click();
    waitFor(By.cssSelector("[data-testid=transaction-view]"));
    assertKeepsContext("web", "1h");
    screenshot("2b-transaction-keeps-context");
  }

  /** The header still names the application and the preset the transaction was opened from. */
  private void assertKeepsContext(String application, String preset) {
    new WebDriverWait(browser, WAIT).until(d -> application.equals(
        d.findElement(By.cssSelector("[data-testid=app-picker]")).getDomProperty("value")));
    assertThat(browser.findElement(By.cssSelector("[data-testid=range-preset][data-range='" + preset + "']"))
        .getAttribute("class")).contains("active");
    assertThat(browser.getCurrentUrl()).contains("application=" + application).contains("range=" + preset);
  }

  @Test
  @Order(3)
  void transaction_showsTheCrossServiceCallTree() throws IOException {
    String traceId = traceIds.get(0);
    browser.get(base + "/#/transaction/" + traceId);
    new WebDriverWait(browser, WAIT).until(d -> d.findElements(By.cssSelector("[data-testid=calltree-row]")).size() == 4);
    List<WebElement> rows = browser.findElements(By.cssSelector("[data-testid=calltree-row]"));
    List<String> apps = new ArrayList<>();
    List<String> depths = new ArrayList<>();
    for (WebElement row : rows) {
      apps.add(row.findElement(By.cssSelector("[data-testid=ct-application]")).getText());
      depths.add(row.getAttribute("data-depth"));
    }
    assertThat(apps).containsExactly("web", "web", "orders", "orders");
    assertThat(depths).containsExactly("0", "1", "2", "3");
    assertThat(rows.get(3).findElement(By.cssSelector("[data-testid=ct-method]")).getText()).contains("SELECT");
    assertThat(browser.findElement(By.cssSelector("[data-testid=tx-trace-id]")).getText()).contains(traceId);
    List<String> agents = new ArrayList<>();
    WebElement table = browser.findElement(By.cssSelector("[data-testid=calltree] .table-wrap"));
    int visibleRight = table.getRect().getX() + table.getRect().getWidth();
    for (WebElement row : rows) {
      WebElement agent = row.findElement(By.cssSelector("[data-testid=ct-agent]"));
      agents.add(agent.getText());
      assertThat(agent.getRect().getX() + agent.getRect().getWidth()).as("the Agent column in view, not scrolled off")
          .isLessThanOrEqualTo(visibleRight);
    }
    assertThat(agents).containsExactly("web-1", "web-1", "orders-1", "orders-1");
    assertThat(browser.findElements(By.cssSelector("[data-testid=calltree-table] th")).stream()
        .map(WebElement::getText).toList()).contains("Application", "Agent");
    // Opened bare (a shared link), the page takes the trace's entry application for the header.
    new WebDriverWait(browser, WAIT).until(d -> "web".equals(
        d.findElement(By.cssSelector("[data-testid=app-picker]")).getDomProperty("value")));
    transactionUrl = browser.getCurrentUrl();
    screenshot("3-transaction");
  }

  @Test
  @Order(4)
  void deepLinks_reopenTheSameViews() throws IOException {
    browser.get("about:blank");
    browser.get(transactionUrl);
    new WebDriverWait(browser, WAIT).until(d -> d.findElements(By.cssSelector("[data-testid=calltree-row]")).size() == 4);
    browser.get("about:blank");
    browser.get(base + "/#/map?application=web&range=1h&node=orders%5EJAVA");
    waitFor(By.cssSelector("[data-testid=node-panel][data-key='orders^JAVA']"));
    screenshot("4-deep-link-node");
  }

  @Test
  @Order(5)
  void callerOnlyNode_showsItsCallsAboveIt() throws IOException {
    WebElement caller = mapNode("application=billing&range=1h", "legacy-front^TOMCAT", "SERVER");
    assertThat(caller.getAttribute("data-count")).isEqualTo("" + PINPOINT_CALLS);
    assertThat(caller.findElement(By.cssSelector("[data-testid=map-node-count]")).getText())
        .isEqualTo("" + PINPOINT_CALLS);
    assertThat(link("legacy-front^TOMCAT", "billing^JAVA").getAttribute("data-count")).isEqualTo("" + PINPOINT_CALLS);
    screenshot("5-pinpoint-caller");

    // One of those transactions, opened bare: its map draws the caller with its one call; the header takes
    // billing (the entry), not the caller row's application.
    browser.get(base + "/#/transaction/" + billingTraceIds.get(0));
    WebElement inTrace = waitFor(By.cssSelector(
        "[data-testid=tx-server-map] [data-testid=map-node][data-key='legacy-front^TOMCAT']"));
    assertThat(inTrace.findElement(By.cssSelector("[data-testid=map-node-count]")).getText()).isEqualTo("1");
    new WebDriverWait(browser, WAIT).until(d -> "billing".equals(
        d.findElement(By.cssSelector("[data-testid=app-picker]")).getDomProperty("value")));
    assertThat(browser.findElement(By.cssSelector("[data-testid=calltree-row]")).getAttribute("data-caller"))
        .isEqualTo("true");
    assertThat(browser.findElement(By.cssSelector("[data-testid=tx-root]")).getText())
        .isEqualTo("billing · POST /charge ← legacy-front");
    screenshot("6-pinpoint-caller-transaction");
  }

  @Test
  @Order(6)
  void nodeInstance_opensTheAgentList() throws IOException {
    browser.get("about:blank");
    browser.get(base + "/#/map?application=web&range=1h&node=orders%5EJAVA");
    WebElement instance = waitFor(By.cssSelector("[data-testid=node-panel][data-key='orders^JAVA'] "
        + "[data-testid=instance-agent-link]"));
    String agentId = instance.getText();
    instance.click();
    WebElement row = waitFor(By.cssSelector("[data-testid=agent-row][data-agent-id='" + agentId + "']"));
    assertThat(waitFor(By.cssSelector("[data-testid=agents-view]")).getAttribute("data-application"))
        .isEqualTo("orders");
    assertThat(row.getAttribute("data-status")).isEqualTo("RUNNING");
    assertThat(row.findElement(By.cssSelector("[data-testid=agent-status]")).getText()).isEqualTo("Running");
    assertThat(row.findElement(By.cssSelector("[data-testid=agent-runtime]")).getText())
        .isEqualTo("OpenJDK Runtime Environment 17.0.12+7");
    assertThat(row.findElement(By.cssSelector("[data-testid=agent-version]")).getText())
        .isEqualTo("opentelemetry-java-instrumentation 2.33.1");
    // The link opens the agent's resource attributes.
    assertThat(waitFor(By.cssSelector("[data-testid=agent-resource] [data-testid=resource-attr][data-key='service.name']"))
        .getText()).contains("orders");
    assertThat(browser.findElement(By.cssSelector("[data-testid=agents-link]")).getAttribute("href"))
        .contains("#/agents?application=orders");
    screenshot("7-agents");

    // The picker keeps the agent list, for the other application.
    new Select(browser.findElement(By.cssSelector("[data-testid=app-picker]"))).selectByValue("web");
    waitFor(By.cssSelector("[data-testid=agents-view][data-application=web] [data-testid=agent-row]"));
    assertThat(browser.findElements(By.cssSelector("[data-testid=agent-resource]"))).isEmpty();
  }

  /** Opens the map with {@code query} and waits for node {@code key}, which must be of {@code category}. */
  private WebElement mapNode(String query, String key, String category) {
    browser.get(base + "/#/map?" + query);
    WebElement node = waitFor(By.cssSelector("[data-testid=map-node][data-key='" + key + "']"));
    assertThat(node.getAttribute("data-category")).as(key).isEqualTo(category);
    return node;
  }

  private WebElement link(String from, String to) {
    return waitFor(By.cssSelector("[data-testid=map-link][data-from='" + from + "'][data-to='" + to + "']"));
  }

  private WebElement waitFor(By by) {
    return fixture.waitFor(by);
  }

  private static List<String> keys(List<WebElement> nodes) {
    return nodes.stream().map(n -> n.getAttribute("data-key")).toList();
  }

  private void screenshot(String name) throws IOException {
    fixture.screenshot(name);
  }

  /** USER → web (Java) → orders (Java) → MySQL; one of the calls to orders fails. */
  private void feed() {
    long now = System.currentTimeMillis() * 1_000_000L - 120_000_000_000L;
    List<Span> web = new ArrayList<>();
    List<Span> orders = new ArrayList<>();
    for (int i = 0; i < TRACES; i++) {
      byte[] trace = newTraceId(traceIds);
      long id = newSpanId();
      long start = now + i * 5_000_000_000L;
      boolean failed = i == 3;
      web.add(span(trace, id, 0, "GET /checkout", Span.SpanKind.SPAN_KIND_SERVER, start, 80 + 10 * i, false, 0)
          .addAttributes(kv("http.route", "/checkout")).addAttributes(kv("server.address", "web")).build());
      web.add(span(trace, id + 1, id, "POST", Span.SpanKind.SPAN_KIND_CLIENT, start + 2_000_000, 60 + 10 * i, failed, 0)
          .addAttributes(kv("server.address", "orders")).addAttributes(kv("url.full", "http://orders:8080/orders"))
          .build());
      orders.add(span(trace, id + 2, id + 1, "POST /orders", Span.SpanKind.SPAN_KIND_SERVER, start + 3_000_000,
          50 + 10 * i, failed, 0x301).addAttributes(kv("server.address", "orders")).build());
      orders.add(span(trace, id + 3, id + 2, "SELECT shop.orders", Span.SpanKind.SPAN_KIND_CLIENT, start + 4_000_000,
          20, false, 0).addAttributes(kv("db.system", "mysql")).addAttributes(kv("db.name", "shop"))
          .addAttributes(kv("db.statement", "SELECT * FROM orders WHERE id = ?")).build());
    }
    List<Span> billing = new ArrayList<>();
    for (int i = 0; i < PINPOINT_CALLS; i++) {
      byte[] trace = newTraceId(billingTraceIds);
      long id = newSpanId();
      // The parent is the Pinpoint agent's span (not in the store); the entry comes from Pinpoint headers.
      billing.add(span(trace, id, id + 7, "POST /charge", Span.SpanKind.SPAN_KIND_SERVER, now + i * 5_000_000_000L,
          30, false, 0x301)
          .setTraceState("pp=app:legacy-front;type:1010;tx:legacy-front-1^1700000000000^" + i + ";ps:-1")
          .addAttributes(kv("http.route", "/charge")).build());
    }
    for (ExportTraceServiceRequest request : List.of(request("orders", orders), request("web", web),
        request("billing", billing))) {
      fixture.post("/v1/traces", request);
    }
  }
}
