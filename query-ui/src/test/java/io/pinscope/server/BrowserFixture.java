package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.MediaType;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.pinscope.FreePorts;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the browser journeys share: a live {@link PinscopeServer} on free loopback ports (memory storage, 1 s
 * pairing windows) fed over OTLP/HTTP, headless Debian Chromium driven by its ChromeDriver, polling waits with
 * a deadline ({@link #WAIT}), screenshots under {@code target/screenshots}, and OTLP span builders.
 */
final class BrowserFixture implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final PinscopeServer server;
  /** The query API and UI, {@code http://127.0.0.1:<port>}. */
  final String base;
  /** The OTLP/HTTP receiver, {@code http://127.0.0.1:<port>}. */
  final String otlp;
  final WebDriver browser;

  private BrowserFixture(PinscopeServer server, String base, String otlp, WebDriver browser) {
    this.server = server;
    this.base = base;
    this.otlp = otlp;
    this.browser = browser;
  }

  /** Starts the server and the browser (which must be installed: apt-get install chromium chromium-driver). */
  static BrowserFixture start() throws IOException {
    return start(new String[0]);
  }

  /** As {@link #start()}, the server also given {@code extraArgs} (e.g. {@code --alarm-interval-seconds 1}). */
  static BrowserFixture start(String... extraArgs) throws IOException {
    assertThat(new File("/usr/bin/chromium")).as("Chromium (apt-get install chromium chromium-driver)").exists();
    assertThat(new File("/usr/bin/chromedriver")).as("ChromeDriver (apt-get install chromium-driver)").exists();
    int[] ports = FreePorts.of(3);
    String[] args = {"--storage", "memory", "--bind", "127.0.0.1", "--grpc-port", "" + ports[0], "--http-port",
        "" + ports[1], "--query-port", "" + ports[2], "--pairing-window-seconds", "1", "--late-pairing-seconds", "1"};
    String[] all = Arrays.copyOf(args, args.length + extraArgs.length);
    System.arraycopy(extraArgs, 0, all, args.length, extraArgs.length);
    PinscopeServer server = PinscopeServer.start(ServerConfig.parse(all, Map.of()));
    try {
      ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new",
          "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1500,1100",
          "--user-data-dir=" + Files.createTempDirectory("pinscope-chromium"));
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
      ChromeDriver browser = new ChromeDriver(service, options);
      // Every page records the Content-Security-Policy violations it sees (cspViolations()), from its first script.
      browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", CSP_WATCHER));
      Files.createDirectories(SCREENSHOTS);
      return new BrowserFixture(server, "http://127.0.0.1:" + ports[2], "http://127.0.0.1:" + ports[1], browser);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** Stores each CSP violation of the page in its origin's sessionStorage, so they survive navigation. */
  private static final String CSP_WATCHER = "document.addEventListener('securitypolicyviolation', e => { try {"
      + " const seen = JSON.parse(sessionStorage.getItem('__csp') || '[]');"
      + " seen.push(e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber);"
      + " sessionStorage.setItem('__csp', JSON.stringify(seen)); } catch (ignored) {} });";

  /**
   * The Content-Security-Policy violations recorded by the UI's pages in this browser session so far (the
   * browser must be on a UI page); empty when the UI works under the policy.
   */
  @SuppressWarnings("unchecked")
  List<String> cspViolations() {
    Object seen = ((org.openqa.selenium.JavascriptExecutor) browser)
        .executeScript("return JSON.parse(sessionStorage.getItem('__csp') || '[]');");
    return seen == null ? List.of() : List.copyOf((List<String>) seen);
  }

  @Override
  public void close() {
    try {
      if (browser.getCurrentUrl() != null && browser.getCurrentUrl().startsWith(base)) {
        List<String> csp = cspViolations();
        if (!csp.isEmpty()) {
          System.out.println("BrowserFixture: Content-Security-Policy violations: " + csp);
        }
      }
    } catch (RuntimeException e) {
      // The browser may already be gone; the violations are then unknown, which the tests that check them see.
    }
    try {
      browser.quit();
    } finally {
      server.close();
    }
  }

  /** POSTs an OTLP protobuf export to the receiver's {@code path} ({@code /v1/traces}, {@code /v1/metrics}). */
  void post(String path, MessageLite request) {
    assertThat(WebClient.of(otlp).prepare().post(path).content(MediaType.create("application", "x-protobuf"),
        request.toByteArray()).execute().aggregate().join().status().code()).as(path).isEqualTo(200);
  }

  /**
   * Polls the query API's {@code pathAndQuery} (flushing the receiver's statistics first) until its body
   * satisfies {@code done}; returns that body, or fails naming {@code what} and the last body.
   */
  String awaitApi(String pathAndQuery, Predicate<String> done, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    WebClient api = WebClient.of(base);
    String body = "";
    while (System.nanoTime() < deadline) {
      server.receiver().flushStatistics();
      body = api.get(pathAndQuery).aggregate().join().contentUtf8();
      if (done.test(body)) {
        return body;
      }
      Thread.sleep(100); // polling with a deadline: statistics are flushed on their own schedule
    }
    throw new AssertionError(what + " not there within " + WAIT + ": " + body);
  }

  /** Waits until the server map of {@code application} (last hour, outbound 2) holds every one of {@code expected}. */
  void awaitMap(String application, String... expected) throws InterruptedException {
    long to = System.currentTimeMillis() + 60_000;
    awaitApi("/api/v1/servermap?application=" + application + "&from=" + (to - 3_600_000) + "&to=" + to
        + "&outbound=2", map -> List.of(expected).stream().allMatch(map::contains), "server map of " + application);
  }

  /** Opens {@code #/<hash>} of the UI from a blank page (so the route is read afresh). */
  void open(String hash) {
    browser.get("about:blank");
    browser.get(base + "/#/" + hash);
  }

  WebElement waitFor(By by) {
    return new WebDriverWait(browser, WAIT).until(d -> {
      List<WebElement> found = d.findElements(by);
      return found.isEmpty() ? null : found.get(0);
    });
  }

  /** Waits until {@code by} finds exactly {@code count} elements and returns them. */
  List<WebElement> waitForCount(By by, int count) {
    return new WebDriverWait(browser, WAIT).until(d -> {
      List<WebElement> found = d.findElements(by);
      return found.size() == count ? found : null;
    });
  }

  void screenshot(String name) throws IOException {
    Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  /** A Java agent's resource: {@code service} with instance id {@code instance}, OpenJDK 17, agent 2.33.1. */
  static Resource javaResource(String service, String instance) {
    return Resource.newBuilder().addAttributes(kv("service.name", service))
        .addAttributes(kv("service.instance.id", instance)).addAttributes(kv("telemetry.sdk.language", "java"))
        .addAttributes(kv("process.runtime.name", "OpenJDK Runtime Environment"))
        .addAttributes(kv("process.runtime.version", "17.0.12+7"))
        .addAttributes(kv("telemetry.distro.name", "opentelemetry-java-instrumentation"))
        .addAttributes(kv("telemetry.distro.version", "2.33.1")).build();
  }

  /** {@code spans} of the Java agent {@code service}-1. */
  static ExportTraceServiceRequest request(String service, List<Span> spans) {
    return request(javaResource(service, service + "-1"), spans);
  }

  static ExportTraceServiceRequest request(Resource resource, List<Span> spans) {
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(resource)
        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))).build();
  }

  /** A span of {@code millis} from {@code start} (epoch nanos); {@code parent} 0 for a root. */
  static Span.Builder span(byte[] trace, long id, long parent, String name, Span.SpanKind kind, long start,
      long millis, boolean error, int flags) {
    Span.Builder b = Span.newBuilder().setTraceId(ByteString.copyFrom(trace)).setSpanId(bytes(id)).setName(name)
        .setKind(kind).setStartTimeUnixNano(start).setEndTimeUnixNano(start + millis * 1_000_000L).setFlags(flags);
    if (parent != 0) {
      b.setParentSpanId(bytes(parent));
    }
    if (error) {
      b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
    }
    return b;
  }

  /** A random trace id, its hex added to {@code ids}. */
  static byte[] newTraceId(List<String> ids) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    byte[] trace = ByteBuffer.allocate(16).putLong(r.nextLong()).putLong(r.nextLong() | 1).array();
    ids.add(HexFormat.of().formatHex(trace));
    return trace;
  }

  /** A random span id with room for a few consecutive ids after it. */
  static long newSpanId() {
    return (ThreadLocalRandom.current().nextLong() & 0x0FFF_FFFF_FFFF_FFF0L) | 0x10;
  }

  static ByteString bytes(long id) {
    return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array());
  }

  static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }
}
