package io.pinscope.server;

import static io.pinscope.server.BrowserFixture.javaResource;
import static io.pinscope.server.BrowserFixture.kv;
import static io.pinscope.server.BrowserFixture.newSpanId;
import static io.pinscope.server.BrowserFixture.newTraceId;
import static io.pinscope.server.BrowserFixture.request;
import static io.pinscope.server.BrowserFixture.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The inspector and dashboard pages in headless Chromium against a live server fed over OTLP/HTTP: the
 * application {@code shop} (agents {@code shop-1} and {@code shop-2}) answers two routes, queries PostgreSQL
 * and calls an external rates service, and both agents export the Java agent's runtime metrics (cumulative,
 * once a minute for ten minutes) and the extension's {@code pinpoint.active_requests} gauge. Each page must
 * draw its charts or tables with what was fed (exact counts, one point per export); a screenshot of each lands
 * in {@code target/screenshots}.
 */
class ITBrowserDashboards extends WithBrowser {
  private static final String APP = "shop";
  private static final String ITEMS_ROUTE = "GET /items/{id}";
  private static final String CART_ROUTE = "POST /cart";
  /** Calls of GET /items/{id} (each with one SQL query), the third failed; calls of POST /cart (each calling rates). */
  private static final int ITEMS = 9;
  private static final int CART = 4;
  private static final String STATEMENT = "SELECT * FROM items WHERE id = ?";
  private static final String RATES_HOST = "rates.partner.example";
  /** The host whose Collector sends host metrics. */
  private static final String HOST = "web-1";
  /** Runtime-metric exports per agent, one a minute, the last a minute ago. */
  private static final int EXPORTS = 10;
  private static final long MIN = 60_000;
  /** The active requests each agent reports: fast, normal, slow, very slow. */
  private static final Map<String, long[]> ACTIVE = Map.of("shop-1", new long[] {3, 2, 1, 1}, "shop-2", new long[] {5, 0, 2, 0});

  /** The header's time-range controls: the presets, from, to, Apply, reload and auto-refresh. */
  private static final List<String> TIME_CONTROLS =
      List.of("range-preset", "range-from", "range-to", "range-apply", "reload", "auto-refresh");

  private final List<String> traceIds = new ArrayList<>();
  /** The start of the minute the first export falls in (epoch ms). */
  private long t0;

  @BeforeAll
  void start() throws Exception {
    fixture = BrowserFixture.start();
    long now = System.currentTimeMillis();
    t0 = (now / MIN) * MIN - EXPORTS * MIN;
    feedSpans(now - 6 * MIN);
    for (int agent = 0; agent < 2; agent++) {
      fixture.post("/v1/metrics", runtimeMetrics("shop-" + (agent + 1), agent));
    }
    long to = now + MIN;
    String range = "from=" + (to - 3_600_000) + "&to=" + to;
    fixture.awaitApi("/api/v1/applications/" + APP + "/uri-stats?" + range,
        body -> body.contains("\"totalCount\":" + ITEMS) && body.contains("\"totalCount\":" + CART), "uri-stats");
    fixture.awaitApi("/api/v1/applications/" + APP + "/external-stats?" + range,
        body -> body.contains(RATES_HOST), "external-stats");
  }

  @Test
  @Order(1)
  void uriStatistics_listTheRoutesAndDrawTheSelectedOnesSeries() throws IOException {
    fixture.open("uri-stats?application=" + APP + "&range=20m");
    WebElement items = fixture.waitFor(By.cssSelector("[data-testid=uri-row][data-route='" + ITEMS_ROUTE + "']"));
    for (String control : TIME_CONTROLS) {
      assertThat(fixture.browser.findElements(By.cssSelector("[data-testid=header] [data-testid=" + control + "]")))
          .as(control).isNotEmpty();
    }
    assertThat(items.getAttribute("data-count")).isEqualTo("" + ITEMS);
    assertThat(items.getAttribute("data-errors")).isEqualTo("1");
    assertThat(items.findElement(By.cssSelector("[data-testid=uri-count]")).getText()).isEqualTo("" + ITEMS);
    WebElement cart = fixture.waitFor(By.cssSelector("[data-testid=uri-row][data-route='" + CART_ROUTE + "']"));
    assertThat(cart.getAttribute("data-count")).isEqualTo("" + CART);
    // Busiest first.
    assertThat(fixture.browser.findElements(By.cssSelector("[data-testid=uri-row]")).get(0).getAttribute("data-route"))
        .isEqualTo(ITEMS_ROUTE);

    // Slowest first: POST /cart (120 ms on average) before GET /items/{id} (100 ms).
    fixture.browser.findElement(By.cssSelector("[data-testid=stats-sort][data-sort=slowest]")).click();
    new WebDriverWait(fixture.browser, BrowserFixture.WAIT).until(d -> CART_ROUTE.equals(
        d.findElements(By.cssSelector("[data-testid=uri-row]")).get(0).getAttribute("data-route")));
    assertThat(fixture.browser.getCurrentUrl()).contains("sort=slowest");

    fixture.browser.findElement(By.cssSelector("[data-testid=uri-row][data-route='" + ITEMS_ROUTE + "']")).click();
    WebElement series = fixture.waitFor(By.cssSelector("[data-testid=uri-series][data-route='" + ITEMS_ROUTE + "']"));
    WebElement calls = fixture.waitFor(By.cssSelector("[data-testid=uri-calls-chart] [data-testid=ts-line][data-label=calls]"));
    assertThat(Integer.parseInt(calls.getAttribute("data-points"))).as("one point per bucket of the range").isGreaterThan(10);
    assertThat(calls.getAttribute("d")).contains("L");
    WebElement latency = fixture.waitFor(By.cssSelector("[data-testid=uri-latency-chart] [data-testid=ts-line][data-label=avg]"));
    assertThat(Integer.parseInt(latency.getAttribute("data-points"))).as("buckets with calls").isBetween(1, ITEMS);
    assertThat(fixture.browser.getCurrentUrl()).contains("route=");
    assertThat(series.findElement(By.cssSelector("[data-testid=uri-scatter-link]")).getAttribute("href"))
        .contains("#/map?").contains("application=" + APP).contains("route=GET+%2Fitems%2F%7Bid%7D");
    fixture.screenshot("dash-1-uri-stats");

    // The route's scatter: only its calls.
    series.findElement(By.cssSelector("[data-testid=uri-scatter-link]")).click();
    fixture.waitFor(By.cssSelector("[data-testid=scatter-canvas][data-dots='" + ITEMS + "'][data-errors='1']"));
    assertThat(fixture.browser.findElement(By.cssSelector("[data-testid=scatter-route]")).getText()).contains(ITEMS_ROUTE);
    fixture.screenshot("dash-1b-route-scatter");
  }

  @Test
  @Order(2)
  void sqlAndExternalStatistics_listWhatWasCalled() throws IOException {
    fixture.open("sql-stats?application=" + APP + "&range=20m");
    WebElement row = fixture.waitFor(By.cssSelector("[data-testid=sql-row]"));
    assertThat(row.getAttribute("data-statement")).isEqualTo(STATEMENT);
    assertThat(row.getAttribute("data-count")).isEqualTo("" + ITEMS);
    assertThat(row.findElement(By.cssSelector("[data-testid=sql-count]")).getText()).isEqualTo("" + ITEMS);
    fixture.screenshot("dash-2-sql-stats");

    // An example trace of the statement opens its transaction, under the same application and range.
    WebElement example = row.findElement(By.cssSelector("[data-testid=stats-example]"));
    String href = example.getAttribute("href");
    assertThat(traceIds.stream().anyMatch(href::contains)).as(href).isTrue();
    example.click();
    fixture.waitFor(By.cssSelector("[data-testid=transaction-view]"));
    new WebDriverWait(fixture.browser, BrowserFixture.WAIT).until(d -> d.findElements(
        By.cssSelector("[data-testid=calltree-row] [data-testid=ct-method]")).stream().anyMatch(m -> m.getText().contains("SELECT")));
    assertThat(fixture.browser.getCurrentUrl()).contains("application=" + APP).contains("range=20m");

    fixture.open("sql-stats?application=" + APP + "&range=20m");
    fixture.waitFor(By.cssSelector("[data-testid=sql-row]"));

    // The tab keeps the application and the range.
    fixture.browser.findElement(By.cssSelector("[data-testid=nav-tab][data-view=external-stats]")).click();
    WebElement external = fixture.waitFor(By.cssSelector("[data-testid=external-row]"));
    assertThat(external.getAttribute("data-host")).startsWith(RATES_HOST);
    assertThat(external.getAttribute("data-count")).isEqualTo("" + CART);
    assertThat(fixture.browser.getCurrentUrl()).contains("#/external-stats?application=" + APP + "&range=20m");
    fixture.screenshot("dash-3-external-stats");
  }

  @Test
  @Order(3)
  void agentInspector_drawsTheRuntimePanelsAndTheOtherMetrics() throws IOException {
    // Opened from the agent list's row, keeping the range.
    fixture.open("agents?application=" + APP + "&range=20m");
    fixture.waitFor(By.cssSelector("[data-testid=agent-row][data-agent-id=shop-1] [data-testid=agent-inspect-link]")).click();
    fixture.waitFor(By.cssSelector("[data-testid=agent-inspector][data-agent-id=shop-1]"));
    assertThat(fixture.browser.getCurrentUrl()).contains("#/inspector?").contains("agent=shop-1").contains("range=20m");
    assertThat(fixture.waitFor(By.cssSelector("[data-testid=inspector-runtime]")).getText()).isEqualTo("JVM");
    assertPanelLine("heap", "used", EXPORTS);
    assertPanelLine("nonHeap", "used", EXPORTS);
    assertPanelLine("cpu", "jvm", EXPORTS);
    assertPanelLine("classes", "count", EXPORTS);
    assertThat(panel("threads").findElements(By.cssSelector("[data-testid=ts-line]"))).as("by state").hasSize(2);
    // The first cumulative export only sets the base: one GC delta fewer.
    assertPanelLine("gcCount", "G1 Young Generation", EXPORTS - 1);
    assertThat(panel("tps").findElements(By.cssSelector("[data-testid=ts-line]"))).isNotEmpty();
    fixture.screenshot("dash-4-agent-inspector");

    // Every metric, grouped by name, collapsed until opened.
    WebElement generic = fixture.waitFor(By.cssSelector("[data-testid=generic-metrics]"));
    generic.findElement(By.tagName("summary")).click();
    WebElement carts = generic.findElement(By.cssSelector("[data-testid=generic-group][data-name='shop.cart.size']"));
    carts.findElement(By.tagName("summary")).click();
    List<WebElement> lines = carts.findElements(By.cssSelector("[data-testid=ts-line]"));
    assertThat(lines.stream().map(l -> l.getAttribute("data-label")).toList())
        .containsExactlyInAnyOrder("currency=EUR", "currency=USD");
    assertThat(lines.get(0).getAttribute("data-points")).isEqualTo("" + EXPORTS);
    assertThat(lines.get(0).isDisplayed()).isTrue();
    scrollToCenter(carts);
    fixture.screenshot("dash-5-agent-inspector-generic");

    // The picker switches to the other agent of the application.
    new Select(fixture.browser.findElement(By.cssSelector("[data-testid=inspector-agent-picker]"))).selectByValue("shop-2");
    fixture.waitFor(By.cssSelector("[data-testid=agent-inspector][data-agent-id=shop-2]"));
    assertThat(fixture.browser.getCurrentUrl()).contains("agent=shop-2").contains("range=20m");
    assertPanelLine("heap", "used", EXPORTS);
  }

  @Test
  @Order(4)
  void applicationInspector_drawsTheAverageWithTheAgentsBand() throws IOException {
    fixture.open("app-inspector?application=" + APP + "&range=20m");
    assertThat(fixture.waitFor(By.cssSelector("[data-testid=app-inspector-agents]")).getAttribute("data-count"))
        .isEqualTo("2");
    assertPanelLine("heap", "used", EXPORTS);
    assertPanelLine("cpu", "jvm", EXPORTS);
    assertPanelLine("classes", "count", EXPORTS);
    for (String id : List.of("heap", "cpu", "classes")) {
      WebElement band = panel(id).findElement(By.cssSelector("[data-testid=ts-band]"));
      assertThat(band.getAttribute("data-points")).as(id).isEqualTo("" + EXPORTS);
      assertThat(band.getAttribute("d")).endsWith("Z");
    }
    // Hovering names the agents holding the minimum and the maximum.
    WebElement cpu = panel("cpu").findElement(By.tagName("svg"));
    scrollToCenter(cpu);
    new Actions(fixture.browser).moveToElement(cpu, cpu.getRect().getWidth() / 4, 0).perform();
    WebElement tip = fixture.waitFor(By.cssSelector("[data-testid=chart-tip-band]"));
    assertThat(tip.getText()).contains("(shop-1)").contains("(shop-2)");
    fixture.screenshot("dash-6-app-inspector");
  }

  private void scrollToCenter(WebElement element) {
    ((JavascriptExecutor) fixture.browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
  }

  /** The panel chart {@code id}, once drawn. */
  private WebElement panel(String id) {
    return fixture.waitFor(By.cssSelector("[data-testid=panel-chart][data-panel='" + id + "']"));
  }

  /** Panel {@code id} draws line {@code label} through {@code points} points. */
  private void assertPanelLine(String id, String label, int points) {
    WebElement line = fixture.waitFor(By.cssSelector("[data-testid=panel-chart][data-panel='" + id + "'] "
        + "[data-testid=ts-line][data-label='" + label + "']"));
    assertThat(line.getAttribute("data-points")).as(id + " " + label).isEqualTo("" + points);
    assertThat(line.getAttribute("d")).as(id + " " + label).startsWith("M").contains("L");
  }

  @Test
  @Order(5)
  void realtime_drawsActiveRequestsPerAgentAndTheLiveRates() throws IOException {
    long now = System.currentTimeMillis();
    for (int agent = 0; agent < 2; agent++) {
      String id = "shop-" + (agent + 1);
      fixture.post("/v1/metrics", metrics(id, List.of(activeRequests(now, ACTIVE.get(id)))));
    }
    fixture.open("realtime?application=" + APP);
    // The page polls its own last minutes: the header keeps the application picker, not the time range.
    fixture.waitFor(By.cssSelector("[data-testid=header] [data-testid=app-picker]"));
    for (String control : TIME_CONTROLS) {
      assertThat(fixture.browser.findElements(By.cssSelector("[data-testid=" + control + "]"))).as(control).isEmpty();
    }
    for (Map.Entry<String, long[]> e : ACTIVE.entrySet()) {
      long total = 0;
      for (long n : e.getValue()) {
        total += n;
      }
      String agent = "[data-testid=active-agent][data-agent-id='" + e.getKey() + "']";
      long expected = total;
      new WebDriverWait(fixture.browser, BrowserFixture.WAIT).until(d -> d.findElements(By.cssSelector(agent)).stream()
          .anyMatch(g -> g.getAttribute("data-total").equals("" + expected)));
      List<WebElement> segments = fixture.browser.findElements(By.cssSelector(agent + " [data-testid=active-segment]"));
      long nonZero = java.util.Arrays.stream(e.getValue()).filter(n -> n > 0).count();
      assertThat(segments).as(e.getKey()).hasSize((int) nonZero);
      assertThat(Double.parseDouble(segments.get(0).getAttribute("height"))).isPositive();
    }
    // Two polls (5 s apart) make the rolling charts' lines; calls keep arriving meanwhile, so the live window
    // (the 10 s ending 10 s ago, as spans arrive after their SDK's batch delay) has some whenever the page polls.
    new WebDriverWait(fixture.browser, BrowserFixture.WAIT).until(d -> {
      feedLive(System.currentTimeMillis() - 15_000);
      return d.findElements(By.cssSelector("[data-testid=live-tps-chart][data-visible='2']")).size() == 1
          && !d.findElement(By.cssSelector("[data-testid=live-total]")).getText().equals("0");
    });
    fixture.screenshot("dash-7-realtime");
  }

  @Test
  @Order(6)
  void host_drawsTheCollectorsHostMetrics() throws Exception {
    for (int k = 0; k < EXPORTS; k++) {
      fixture.post("/v1/metrics", CollectorHostMetrics.export(HOST, t0 - 24 * 60 * MIN, t0 + k * MIN + 30_000, k));
    }
    long to = System.currentTimeMillis() + MIN;
    fixture.awaitApi("/api/v1/hosts/" + HOST + "/metrics?from=" + (to - 3_600_000) + "&to=" + to,
        body -> body.contains("\"receive\""), "host metrics");
    fixture.open("host?name=" + HOST + "&range=20m");
    fixture.waitFor(By.cssSelector("[data-testid=host-view][data-host='" + HOST + "']"));
    assertThat(fixture.waitForCount(By.cssSelector("[data-testid=host-panel]"), 6).stream()
        .map(p -> p.getAttribute("data-panel")).toList())
        .containsExactly("cpu", "memory", "memory-utilization", "network", "disk", "disk-io");
    // Gauges and up-down sums: a point per export; counters' rates: the first export only sets the base.
    assertHostLine("cpu", "busy", EXPORTS);
    assertHostLine("memory", "used", EXPORTS);
    assertHostLine("memory-utilization", "used", EXPORTS);
    assertHostLine("disk", "/ used", EXPORTS);
    assertHostLine("network", "receive", EXPORTS - 1);
    assertHostLine("disk-io", "write", EXPORTS - 1);
    // Axes in the panel's unit, topped at a round value: 100 % for CPU, GiB for memory, a byte rate for network.
    assertThat(hostAxis("cpu")).contains("100 %");
    assertThat(hostAxis("memory")).contains("10 GiB");
    assertThat(hostAxis("network")).contains("100 KiB/s", "50 KiB/s");
    WebElement memory = fixture.waitFor(By.cssSelector("[data-testid=host-chart-memory] svg"));
    scrollToCenter(memory);
    new Actions(fixture.browser).moveToElement(memory, memory.getRect().getWidth() / 4, 0).perform();
    assertThat(fixture.waitFor(By.cssSelector("[data-testid=host-chart-memory] [data-testid=chart-tip]")).getText())
        .containsPattern("used: \\d\\.\\d\\d GiB");
    ((JavascriptExecutor) fixture.browser).executeScript("window.scrollTo(0, 0)");
    fixture.screenshot("dash-8-host");
  }

  /** Host panel {@code id} draws line {@code label} through {@code points} points. */
  private void assertHostLine(String id, String label, int points) {
    WebElement line = fixture.waitFor(By.cssSelector("[data-testid=host-chart-" + id + "] [data-testid=ts-line][data-label='"
        + label + "']"));
    assertThat(line.getAttribute("data-points")).as(id + " " + label).isEqualTo("" + points);
    assertThat(line.getAttribute("d")).as(id + " " + label).startsWith("M").contains("L");
  }

  /** The y-axis labels of host panel {@code id}. */
  private List<String> hostAxis(String id) {
    return fixture.browser.findElements(By.cssSelector("[data-testid=host-chart-" + id + "] svg text[text-anchor=end]"))
        .stream().map(WebElement::getText).toList();
  }

  /**
   * In minute slots from {@code start}: GET /items/{id} with a PostgreSQL query each, and POST /cart calling
   * the rates service each; the agents take turns.
   */
  private void feedSpans(long startMillis) {
    List<List<Span>> byAgent = List.of(new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < ITEMS + CART; i++) {
      boolean items = i < ITEMS;
      byte[] trace = newTraceId(traceIds);
      long id = newSpanId();
      long start = (startMillis + i * 20_000L) * 1_000_000L;
      String path = items ? "/items/{id}" : "/cart";
      Span.Builder entry = span(trace, id, 0, items ? ITEMS_ROUTE : CART_ROUTE, Span.SpanKind.SPAN_KIND_SERVER, start,
          items ? 40 + 15 * i : 120, items && i == 2, 0x101)
          .addAttributes(kv("http.request.method", items ? "GET" : "POST")).addAttributes(kv("http.route", path));
      Span child = items
          ? span(trace, id + 1, id, "SELECT shop.items", Span.SpanKind.SPAN_KIND_CLIENT, start + 2_000_000, 10 + i, false, 0x101)
              .addAttributes(kv("db.system", "postgresql")).addAttributes(kv("db.name", "shop"))
              .addAttributes(kv("db.statement", "SELECT * FROM items WHERE id = " + (100 + i))).build()
          : span(trace, id + 1, id, "GET", Span.SpanKind.SPAN_KIND_CLIENT, start + 2_000_000, 80, false, 0x101)
              .addAttributes(kv("http.request.method", "GET")).addAttributes(kv("server.address", RATES_HOST))
              .addAttributes(kv("url.full", "https://" + RATES_HOST + "/v1/rates")).build();
      byAgent.get(i % 2).add(entry.build());
      byAgent.get(i % 2).add(child);
    }
    for (int agent = 0; agent < 2; agent++) {
      fixture.post("/v1/traces", request(javaResource(APP, "shop-" + (agent + 1)), byAgent.get(agent)));
    }
  }

  /** A few GET /items/{id} calls just now, for the live rates. */
  private void feedLive(long startMillis) {
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long start = (startMillis + i * 50L) * 1_000_000L;
      spans.add(span(newTraceId(traceIds), newSpanId(), 0, ITEMS_ROUTE, Span.SpanKind.SPAN_KIND_SERVER, start, 30 + i,
          false, 0x101).addAttributes(kv("http.request.method", "GET")).addAttributes(kv("http.route", "/items/{id}"))
          .build());
    }
    fixture.post("/v1/traces", request(javaResource(APP, "shop-1"), spans));
  }

  /**
   * The Java agent's default runtime metrics of one agent, {@link #EXPORTS} cumulative exports a minute apart
   * (mid-minute, so each falls in its own 1-minute bucket); {@code agent} (0, 1) shifts the values so the
   * application inspector's band has a width.
   */
  private ExportMetricsServiceRequest runtimeMetrics(String agentId, int agent) {
    long processStart = (t0 - 30 * MIN) * 1_000_000L;
    List<NumberDataPoint> eden = new ArrayList<>(), old = new ArrayList<>(), meta = new ArrayList<>();
    List<NumberDataPoint> runnable = new ArrayList<>(), waiting = new ArrayList<>(), classes = new ArrayList<>();
    List<NumberDataPoint> cpu = new ArrayList<>(), carts = new ArrayList<>();
    List<HistogramDataPoint> gc = new ArrayList<>();
    for (int k = 0; k < EXPORTS; k++) {
      long time = (t0 + k * MIN + 30_000) * 1_000_000L;
      long mib = 1024 * 1024;
      eden.add(number(processStart, time, (40 + 7 * (k % 5) + 20 * agent) * mib, "heap", "G1 Eden Space"));
      old.add(number(processStart, time, (120 + 3 * k + 30 * agent) * mib, "heap", "G1 Old Gen"));
      meta.add(number(processStart, time, (60 + agent) * mib, "non_heap", "Metaspace"));
      runnable.add(number(processStart, time, 12 + k % 3 + agent, kv("jvm.thread.daemon", "true"),
          kv("jvm.thread.state", "runnable")));
      waiting.add(number(processStart, time, 8, kv("jvm.thread.daemon", "false"), kv("jvm.thread.state", "waiting")));
      classes.add(number(processStart, time, 8_000 + 10 * k + 50 * agent));
      cpu.add(NumberDataPoint.newBuilder().setTimeUnixNano(time).setAsDouble(0.1 + 0.05 * (k % 4) + 0.1 * agent).build());
      for (String currency : List.of("EUR", "USD")) {
        carts.add(NumberDataPoint.newBuilder().setTimeUnixNano(time).setAsDouble(2.5 + k % 3 + (currency.equals("USD") ? 1 : 0))
            .addAttributes(kv("currency", currency)).build());
      }
      long count = 3L * (k + 1);
      gc.add(HistogramDataPoint.newBuilder().setStartTimeUnixNano(processStart).setTimeUnixNano(time).setCount(count)
          .setSum(count * (0.012 + 0.004 * agent)).addAllExplicitBounds(List.of(0.01, 0.1, 1.0, 10.0))
          .addAllBucketCounts(List.of(count / 3, count - count / 3, 0L, 0L, 0L))
          .addAttributes(kv("jvm.gc.name", "G1 Young Generation")).addAttributes(kv("jvm.gc.action", "end of minor GC"))
          .build());
    }
    List<Metric> metrics = List.of(
        upDown("jvm.memory.used", "By", eden, old, meta),
        upDown("jvm.thread.count", "{thread}", runnable, waiting),
        upDown("jvm.class.count", "{class}", classes),
        Metric.newBuilder().setName("jvm.cpu.recent_utilization").setUnit("1")
            .setGauge(Gauge.newBuilder().addAllDataPoints(cpu)).build(),
        // An application's own metric: no panel takes it, the generic metrics show it.
        Metric.newBuilder().setName("shop.cart.size").setUnit("{item}").setGauge(Gauge.newBuilder().addAllDataPoints(carts))
            .build(),
        Metric.newBuilder().setName("jvm.gc.duration").setUnit("s").setHistogram(Histogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE).addAllDataPoints(gc))
            .build());
    return metrics(agentId, metrics);
  }

  /** The extension's gauge of entry spans in progress, one point per band, at {@code millis}. */
  private static Metric activeRequests(long millis, long[] counts) {
    String[] bands = {"fast", "normal", "slow", "very_slow"};
    Gauge.Builder gauge = Gauge.newBuilder();
    for (int b = 0; b < bands.length; b++) {
      gauge.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(millis * 1_000_000L).setAsInt(counts[b])
          .addAttributes(kv("band", bands[b])));
    }
    return Metric.newBuilder().setName("pinpoint.active_requests").setUnit("{request}").setGauge(gauge).build();
  }

  private static ExportMetricsServiceRequest metrics(String agentId, List<Metric> metrics) {
    return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
        .setResource(javaResource(APP, agentId)).addScopeMetrics(ScopeMetrics.newBuilder()
            .setScope(InstrumentationScope.newBuilder().setName("io.opentelemetry.runtime-telemetry-java8"))
            .addAllMetrics(metrics))).build();
  }

  /** A cumulative non-monotonic Sum (an UpDownCounter), each list one attribute set's points. */
  @SafeVarargs
  private static Metric upDown(String name, String unit, List<NumberDataPoint>... series) {
    Sum.Builder sum = Sum.newBuilder().setIsMonotonic(false)
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
    for (List<NumberDataPoint> points : series) {
      sum.addAllDataPoints(points);
    }
    return Metric.newBuilder().setName(name).setUnit(unit).setSum(sum).build();
  }

  private static NumberDataPoint number(long start, long time, long value, String type, String pool) {
    return number(start, time, value, kv("jvm.memory.type", type), kv("jvm.memory.pool.name", pool));
  }

  private static NumberDataPoint number(long start, long time, long value, KeyValue... attributes) {
    return NumberDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(time).setAsInt(value)
        .addAllAttributes(List.of(attributes)).build();
  }
}
