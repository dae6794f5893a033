package io.pinscope.compat.otlp;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import io.pinscope.compat.shop.PinscopeProcess;
import io.pinscope.compat.shop.ShopRuntimes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The OTLP conformance matrix from the outside (issue 9): one packaged Pinscope server as a process, the
 * {@link KnownTrace} sent through each real exporter, and each trace read back through the public REST API
 * ({@code GET /api/v1/traces/{traceId}}) and required complete and faithful (span count, names, kinds,
 * parents, times, attributes of each type, error status, event, scope, resource {@code service.name}).
 *
 * <p>Cells, each with its own {@code service.name}:
 * <ul>
 *   <li>Java SDK, in this JVM ({@link JavaSdkSender}): grpc, http/protobuf and http/json, each with and
 *       without gzip;
 *   <li>Python SDK ({@code otlp-senders/python/send.py} in a cached virtualenv): grpc and http/protobuf, with
 *       and without gzip;
 *   <li>Node SDK ({@code otlp-senders/node/send.js}, {@code npm ci}, cached): the protobuf and the JSON trace
 *       exporters, with and without gzip;
 *   <li>hand-written OTLP/JSON ({@link OtlpJsonSender}): as written, with unknown fields, gzip-encoded, and
 *       with 64-bit integers as numbers and lower-case ids.
 * </ul>
 *
 * <p>Every cell runs whatever the others do; the test prints the matrix (sender × protocol × compression →
 * OK or FAIL with the reason) and fails listing every failing cell. Logs: {@code target/otlp-conformance/}.
 */
class ITOtlpConformance {
  private static final Path LOGS = Paths.get("target", "otlp-conformance").toAbsolutePath();
  private static final Duration READ_BACK = Duration.ofSeconds(Long.getLong("pinscope.otlp.readBackSeconds", 30));
  private static final List<String> COMPRESSIONS = List.of("none", "gzip");

  /**
   * One cell of the matrix.
   *
   * @param handWritten the hand-written payload, which carries more than the SDKs send (every value type, a
   *     link), all of it checked
   */
  record Cell(String sender, String protocol, String compression, String service, boolean handWritten) {
    static Cell of(String sender, String protocol, String compression, String service) {
      return new Cell(sender, protocol, compression, service, false);
    }
  }

  @Test
  void everyExporter_knownTraceReadBackCompleteAndFaithful() throws Exception {
    Files.createDirectories(LOGS);
    long start = System.nanoTime();
    Map<Cell, Sent> sent = new LinkedHashMap<>();
    Map<Cell, List<String>> results = new LinkedHashMap<>();
    Path serverLog = LOGS.resolve("pinscope.log");
    try (PinscopeProcess pinscope = PinscopeProcess.start(serverLog, List.of())) {
      long started = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Map<Cell, Sent>>> senders = new ArrayList<>();
        for (Callable<Map<Cell, Sent>> sender : List.<Callable<Map<Cell, Sent>>>of(
            () -> javaSdk(pinscope), () -> python(pinscope), () -> node(pinscope), () -> handWritten(pinscope))) {
          senders.add(pool.submit(sender));
        }
        for (Future<Map<Cell, Sent>> f : senders) {
          sent.putAll(f.get());
        }
      } finally {
        pool.shutdownNow();
      }
      long sentAt = System.nanoTime();
      results.putAll(readBack(pinscope, sent));
      System.out.printf("OTLP conformance: server up in %d ms, senders (runtimes prepared or cached) %d ms, "
          + "read back %d ms, %d ms in all%n", (started - start) / 1_000_000, (sentAt - started) / 1_000_000,
          (System.nanoTime() - sentAt) / 1_000_000, (System.nanoTime() - start) / 1_000_000);
    }
    System.out.println(matrix(results));
    List<String> failing = new ArrayList<>();
    results.forEach((cell, problems) -> {
      if (!problems.isEmpty()) {
        failing.add(cell.sender() + " × " + cell.protocol() + " × " + cell.compression() + ": "
            + String.join("; ", problems));
      }
    });
    if (!failing.isEmpty()) {
      throw new AssertionError(failing.size() + " of " + results.size() + " OTLP conformance cells failed:\n  "
          + String.join("\n  ", failing) + "\nserver log: " + serverLog + "; sender logs in " + LOGS);
    }
  }

  // ---- The senders; each returns what it says of its cells, and never throws for one cell's failure.

  private static Map<Cell, Sent> javaSdk(PinscopeProcess pinscope) {
    String sender = "Java SDK " + Resource.getDefault().getAttribute(AttributeKey.stringKey("telemetry.sdk.version"));
    Map<Cell, Sent> out = new LinkedHashMap<>();
    for (String protocol : JavaSdkSender.PROTOCOLS) {
      for (String compression : COMPRESSIONS) {
        Cell cell = Cell.of(sender, protocol, compression, service("java", protocol, compression));
        String endpoint = protocol.equals("grpc") ? pinscope.otlpGrpcEndpoint() : pinscope.otlpHttpEndpoint();
        try {
          out.put(cell, JavaSdkSender.send(protocol, compression, endpoint, cell.service()));
        } catch (RuntimeException e) {
          out.put(cell, Sent.failed("sending threw " + e));
        }
      }
    }
    return out;
  }

  private static Map<Cell, Sent> python(PinscopeProcess pinscope) throws Exception {
    Path dir = sendersDir().resolve("python");
    String sender = "Python SDK " + pinned(dir.resolve("requirements.txt"), "(?m)^opentelemetry-sdk==(\\S+)");
    List<ScriptSender.Cell> cells = new ArrayList<>();
    for (String protocol : List.of("grpc", "http/protobuf")) {
      for (String compression : COMPRESSIONS) {
        cells.add(new ScriptSender.Cell(protocol, compression,
            protocol.equals("grpc") ? pinscope.otlpGrpcEndpoint() : pinscope.otlpHttpEndpoint(),
            service("python", protocol, compression)));
      }
    }
    return runScript(sender, cells, () -> {
      Path venv = ShopRuntimes.preparedVirtualenv(dir.resolve("requirements.txt"), LOGS.resolve("prepare"));
      return new ScriptSender(sender, List.of(venv.resolve("bin/python").toString(), dir.resolve("send.py").toString()),
          Map.of("PYTHONUNBUFFERED", "1"));
    }, LOGS.resolve("python-sender.log"));
  }

  private static Map<Cell, Sent> node(PinscopeProcess pinscope) throws Exception {
    Path dir = sendersDir().resolve("node");
    String sender = "Node SDK " + pinned(dir.resolve("package.json"),
        "\"@opentelemetry/exporter-trace-otlp-proto\": \"([^\"]+)\"");
    List<ScriptSender.Cell> cells = new ArrayList<>();
    for (String protocol : List.of("http/protobuf", "http/json")) {
      for (String compression : COMPRESSIONS) {
        cells.add(new ScriptSender.Cell(protocol, compression, pinscope.otlpHttpEndpoint(),
            service("node", protocol, compression)));
      }
    }
    return runScript(sender, cells, () -> {
      Path modules = ShopRuntimes.preparedNodeModules(dir, LOGS.resolve("prepare"));
      return new ScriptSender(sender, List.of(ShopRuntimes.node(), dir.resolve("send.js").toString()),
          Map.of("NODE_PATH", modules.toString()));
    }, LOGS.resolve("node-sender.log"));
  }

  private static Map<Cell, Sent> handWritten(PinscopeProcess pinscope) {
    Map<Cell, Sent> out = new LinkedHashMap<>();
    for (OtlpJsonSender.Variant variant : OtlpJsonSender.Variant.values()) {
      Cell cell = new Cell("hand-written OTLP/JSON", "http/json (" + variant.label + ")", variant.compression,
          "conf-json-" + variant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), true);
      out.put(cell, OtlpJsonSender.send(variant, pinscope.otlpHttpEndpoint(), cell.service()));
    }
    return out;
  }

  /** Prepares a script sender and runs it for {@code cells}; a runtime that cannot be prepared fails them all. */
  private static Map<Cell, Sent> runScript(String sender, List<ScriptSender.Cell> cells,
      Callable<ScriptSender> prepare, Path log) throws InterruptedException {
    Map<Cell, Sent> out = new LinkedHashMap<>();
    Map<ScriptSender.Cell, Sent> said;
    try {
      said = prepare.call().send(cells, log);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception | AssertionError e) {
      said = new LinkedHashMap<>();
      for (ScriptSender.Cell c : cells) {
        said.put(c, Sent.failed("cannot run the sender: " + e.getMessage()));
      }
    }
    said.forEach((c, s) -> out.put(Cell.of(sender, c.protocol(), c.compression(), c.service()), s));
    return out;
  }

  // ---- Reading back.

  /** Polls every sent trace until it has all its spans or the deadline passes; then compares each. */
  private static Map<Cell, List<String>> readBack(PinscopeProcess pinscope, Map<Cell, Sent> sent)
      throws InterruptedException {
    Map<Cell, @Nullable JsonNode> traces = new LinkedHashMap<>();
    Map<Cell, String> lastError = new LinkedHashMap<>();
    long deadline = System.nanoTime() + READ_BACK.toNanos();
    while (true) {
      boolean pending = false;
      for (Map.Entry<Cell, Sent> e : sent.entrySet()) {
        String traceId = e.getValue().traceId();
        JsonNode have = traces.get(e.getKey());
        if (traceId == null || (have != null && have.path("spans").size() >= KnownTrace.SPANS.size())) {
          continue;
        }
        try {
          traces.put(e.getKey(), pinscope.getJson("/api/v1/traces/" + traceId.toLowerCase(java.util.Locale.ROOT)));
        } catch (IOException notYet) {
          lastError.put(e.getKey(), notYet.getMessage());
        }
        JsonNode now = traces.get(e.getKey());
        pending |= now == null || now.path("spans").size() < KnownTrace.SPANS.size();
      }
      if (!pending || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(200);
    }
    Map<Cell, List<String>> out = new LinkedHashMap<>();
    sent.forEach((cell, s) -> {
      String traceId = s.traceId();
      JsonNode trace = traces.get(cell);
      if (traceId == null) {
        out.put(cell, List.of("not sent: " + s.failure()));
      } else if (trace == null) {
        out.put(cell, List.of("trace " + traceId + " not found within " + READ_BACK + ": " + lastError.get(cell)));
      } else {
        List<String> problems = new ArrayList<>(KnownTrace.differences(trace, traceId, cell.service(),
            cell.handWritten() ? OtlpJsonSender.EXTRA_ROOT_ATTRIBUTES : Map.of()));
        if (cell.handWritten()) {
          problems.addAll(OtlpJsonSender.linkDifferences(trace));
        }
        out.put(cell, problems);
      }
    });
    return out;
  }

  /** The matrix as a Markdown table. */
  static String matrix(Map<Cell, List<String>> results) {
    long ok = results.values().stream().filter(List::isEmpty).count();
    StringBuilder b = new StringBuilder("\nOTLP conformance matrix: " + ok + " of " + results.size() + " cells OK\n\n")
        .append("| sender | protocol | compression | result |\n|---|---|---|---|\n");
    results.forEach((cell, problems) -> b.append("| ").append(cell.sender()).append(" | ").append(cell.protocol())
        .append(" | ").append(cell.compression()).append(" | ")
        .append(problems.isEmpty() ? "OK" : "FAIL: " + String.join("; ", problems).replace("|", "\\|"))
        .append(" |\n"));
    return b.toString();
  }

  private static String service(String sender, String protocol, String compression) {
    return "conf-" + sender + "-" + protocol.replace('/', '-') + "-" + compression;
  }

  private static Path sendersDir() {
    return Paths.get(System.getProperty("pinscope.otlp.senders.dir", "otlp-senders")).toAbsolutePath().normalize();
  }

  /** The version {@code pattern}'s first group finds in {@code file}, for the matrix's labels. */
  private static String pinned(Path file, String pattern) throws IOException {
    Matcher m = Pattern.compile(pattern).matcher(Files.readString(file, UTF_8));
    return m.find() ? m.group(1) : "(version unknown)";
  }
}
