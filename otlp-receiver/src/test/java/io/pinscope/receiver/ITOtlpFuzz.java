package io.pinscope.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.StoredLog;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.storage.AgentMetrics;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Hostile input: at least 100,000 OTLP requests (protobuf and JSON, gzip and not, traces, metrics and logs;
 * mostly OTLP/HTTP, some raw gRPC frames) made by {@link OtlpMutator} from valid {@link OtlpSeeds}, sent
 * over several client connections to a real receiver on the memory engine, with valid requests
 * interleaved. Asserts: never a 5xx other than an overload 503 (and gRPC never {@code UNKNOWN} or
 * {@code INTERNAL}); no request counted {@code storage_failed} (where unexpected exceptions land); no WARN
 * or ERROR line logged; every HTTP request counted under some outcome; the receiver idle and answering
 * afterwards; every valid request stored and read back.
 *
 * <p>{@code -Dpinscope.fuzz.iterations=N} and {@code -Dpinscope.fuzz.seed=S} replay a run: request
 * {@code i} is made from {@code S + i} alone, whatever the interleaving of responses. The seed and the
 * counts are printed.
 */
class ITOtlpFuzz {
  private static final int ITERATIONS = Integer.getInteger("pinscope.fuzz.iterations", 100_000);
  private static final long SEED = Long.getLong("pinscope.fuzz.seed", System.nanoTime());
  /** Requests in flight at once, spread over the clients' connections. */
  private static final int CONCURRENCY = 12;
  /** Every VALID_EVERY-th request is a valid one whose data must be stored. */
  private static final int VALID_EVERY = 10;
  private static final int BATCH = 500;
  private static final MediaType PROTOBUF = MediaType.create("application", "x-protobuf");
  private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();
  private static final Pattern JSON_ID = Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"([^\"]*)\"");
  private static final String VALID_METRICS_AGENT = "fuzz-valid-metrics-1";
  private static final Set<Integer> HTTP_ALLOWED = Set.of(200, 400, 413, 415, 503);
  /** OK, INVALID_ARGUMENT, RESOURCE_EXHAUSTED (too large), UNAVAILABLE (overload). */
  private static final Set<Integer> GRPC_ALLOWED = Set.of(0, 3, 8, 14);

  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final Map<String, AtomicLong> tally = new ConcurrentHashMap<>();
  private final List<TraceId> validTraces = new ArrayList<>();
  private final List<TraceId> validLogs = new ArrayList<>();
  private final List<String> validMetrics = new ArrayList<>();

  /** One request as sent: what it is, for messages and counts. */
  private record Shot(long index, String transport, String signal, String encoding, boolean valid,
      RequestHeaders headers, byte[] body) {
    String describe() {
      return "#" + index + " " + transport + " " + signal + " " + encoding + (valid ? " (valid)" : "")
          + " " + body.length + " bytes";
    }
  }

  @Test
  void hostileRequests_neverFailTheServer_andValidOnesAreStored() throws Exception {
    System.out.printf(Locale.ROOT, "ITOtlpFuzz: seed %d, %d iterations (replay: -Dpinscope.fuzz.seed=%d)%n",
        SEED, ITERATIONS, SEED);
    LogLineCounter logLines = LogLineCounter.install();
    // The counter must see the logger's lines, or "no WARN logged" would prove nothing.
    LoggerFactory.getLogger(ITOtlpFuzz.class).warn("ITOtlpFuzz: log counter self-check");
    assertThat(logLines.warnings()).as("WARN lines seen by the counter").isEqualTo(1);
    logLines.reset();

    ReceiverConfig config = ReceiverHarness.config().queueCapacity(256).build();
    long nowNanos = System.currentTimeMillis() * 1_000_000L;
    try (ReceiverHarness harness = ReceiverHarness.memory(config);
        ClientFactory h1 = ClientFactory.builder().build();
        ClientFactory h2a = ClientFactory.builder().build();
        ClientFactory h2b = ClientFactory.builder().build()) {
      // HTTP/1.1 opens one connection per concurrent request; each HTTP/2 factory multiplexes on its own.
      List<WebClient> httpClients = List.of(client("h1c", harness, h1), client("h2c", harness, h2a),
          client("h1c", harness, h1));
      List<WebClient> grpcClients = List.of(client("h2c", harness, h2a), client("h2c", harness, h2b));
      Semaphore inFlight = new Semaphore(CONCURRENCY);
      long started = System.nanoTime();
      // Requests are made a batch ahead on another thread while this one sends the current batch.
      ExecutorService maker = Executors.newSingleThreadExecutor();
      try {
        Future<List<Shot>> next = maker.submit(() -> batch(0, nowNanos));
        for (long from = 0; from < ITERATIONS; from += BATCH) {
          List<Shot> shots = next.get();
          long after = from + BATCH;
          next = maker.submit(() -> batch(after, nowNanos));
          for (Shot shot : shots) {
            List<WebClient> clients = shot.transport().equals("grpc") ? grpcClients : httpClients;
            inFlight.acquire();
            send(clients.get((int) (shot.index() % clients.size())), shot, inFlight, 0);
          }
        }
      } finally {
        maker.shutdownNow();
      }
      assertThat(inFlight.tryAcquire(CONCURRENCY, 5, TimeUnit.MINUTES)).as("all responses within 5 minutes")
          .isTrue();
      inFlight.release(CONCURRENCY);
      long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
      System.out.printf(Locale.ROOT, "ITOtlpFuzz: %d requests in %d s (seed %d); outcomes %s%n", ITERATIONS,
          seconds, SEED, new java.util.TreeMap<>(tally));
      assertThat(failures).as("requests answered wrongly (seed %d)", SEED).isEmpty();
      ReceiverMetrics metrics = harness.metrics();
      for (String signal : List.of("traces", "metrics", "logs")) {
        for (String transport : List.of("http", "grpc")) {
          assertThat(metrics.counter("pinscope_receiver_requests_total", "signal", signal, "transport", transport,
              "outcome", "storage_failed")).as("%s/%s requests that failed unexpectedly", signal, transport)
              .isZero();
        }
      }
      // An outcome is counted when its response completes, which the client may see a moment earlier.
      long countedBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (httpCounted(metrics) != tallied("http:sent") && System.nanoTime() < countedBy) {
        Thread.sleep(20); // polling a counter with a deadline
      }
      assertThat(httpCounted(metrics)).as("HTTP requests counted under an outcome").isEqualTo(tallied("http:sent"));

      // Healthy after: nothing left in flight, and fresh valid requests on both transports are stored.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (inFlightBytes(metrics) != 0 && System.nanoTime() < deadline) {
        Thread.sleep(20); // polling a gauge with a deadline
      }
      assertThat(inFlightBytes(metrics)).as("in-flight bytes after the run").isZero();
      // Netty reports a leaked buffer when it finds it collected, at a later allocation: collect, then send more.
      System.gc();
      int before = failures.size();
      for (String transport : List.of("http", "grpc")) {
        long index = ITERATIONS + (transport.equals("http") ? 0 : VALID_EVERY);
        Shot last = validShot(index, transport, nowNanos, new SplittableRandom(SEED + index));
        inFlight.acquire();
        send((transport.equals("grpc") ? grpcClients : httpClients).get(0), last, inFlight, 0);
      }
      assertThat(inFlight.tryAcquire(CONCURRENCY, 1, TimeUnit.MINUTES)).isTrue();
      assertThat(failures.size()).as("failures of the requests sent after the run: %s", failures).isEqualTo(before);
      long warnings = logLines.warnings();
      List<String> firstLines = logLines.first();
      logLines.uninstall();
      assertThat(warnings).as("WARN/ERROR lines logged during the run (seed %d): %s", SEED, firstLines)
          .isZero();

      assertStored(harness, nowNanos);
      System.out.printf(Locale.ROOT, "ITOtlpFuzz: %d iterations, seed %d: %d valid traces, %d valid log batches,"
          + " %d valid metrics read back%n", ITERATIONS, SEED, validTraces.size(), validLogs.size(),
          validMetrics.size());
    }
  }

  private static long httpCounted(ReceiverMetrics metrics) {
    long counted = 0;
    for (String signal : List.of("traces", "metrics", "logs")) {
      for (String outcome : List.of("ok", "partial", "bad_request", "too_large", "unsupported_media_type",
          "overloaded", "storage_failed", "timeout")) {
        counted += metrics.counter("pinscope_receiver_requests_total", "signal", signal, "transport", "http",
            "outcome", outcome);
      }
    }
    return counted;
  }

  private static double inFlightBytes(ReceiverMetrics metrics) {
    Matcher m = Pattern.compile("(?m)^pinscope_receiver_inflight_bytes (\\S+)$").matcher(metrics.prometheusText());
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  private static WebClient client(String scheme, ReceiverHarness harness, ClientFactory factory) {
    return WebClient.builder(scheme + "://127.0.0.1:" + harness.port()).factory(factory)
        .responseTimeoutMillis(120_000).maxResponseLength(0).build();
  }

  // ---- making requests ----

  /** Requests {@code from} up to {@link #BATCH} more (fewer at the end). */
  private List<Shot> batch(long from, long nowNanos) {
    List<Shot> shots = new ArrayList<>(BATCH);
    for (long i = from; i < Math.min(ITERATIONS, from + BATCH); i++) {
      shots.add(shot(i, nowNanos));
    }
    return shots;
  }

  private Shot shot(long i, long nowNanos) {
    SplittableRandom r = new SplittableRandom(SEED + i);
    String transport = r.nextInt(8) == 0 ? "grpc" : "http";
    if (i % VALID_EVERY == 0) {
      return validShot(i, transport, nowNanos, r);
    }
    OtlpSeeds seeds = new OtlpSeeds(r, nowNanos);
    OtlpMutator mutator = new OtlpMutator(r);
    String signal = mutator.pickOf("traces", "metrics", "logs");
    Message.Builder seed = switch (signal) {
      case "traces" -> seeds.traces().toBuilder();
      case "metrics" -> seeds.metrics().toBuilder();
      default -> seeds.logs().toBuilder();
    };
    boolean structural = r.nextInt(3) > 0;
    if (structural) {
      mutator.mutateStructure(seed);
    }
    boolean json = transport.equals("http") && r.nextInt(3) == 0;
    byte[] body;
    if (json) {
      String text = json(seed.build());
      body = structural && r.nextBoolean() ? text.getBytes(StandardCharsets.UTF_8) : mutator.mutateJson(text);
    } else {
      byte[] proto = seed.build().toByteArray();
      body = structural && r.nextBoolean() ? proto : mutator.mutateBytes(proto);
    }
    String encoding = "";
    switch (r.nextInt(10)) {
      case 0, 1, 2 -> {
        encoding = "gzip";
        body = OtlpMutator.gzip(body);
      }
      case 3 -> {
        encoding = "gzip";
        body = mutator.breakGzip(OtlpMutator.gzip(body));
      }
      case 4 -> encoding = r.nextBoolean() ? "gzip" : mutator.pickOf("br", "deflate", "GZIP, identity", " ");
      default -> { }
    }
    if (transport.equals("grpc")) {
      return grpcShot(i, signal, encoding.isEmpty() ? "protobuf" : "protobuf+" + encoding, false, body,
          !encoding.isEmpty() && !encoding.equals("gzip") ? "" : encoding, r.nextInt(20) == 0 ? r : null);
    }
    MediaType type = json ? MediaType.JSON_UTF_8 : PROTOBUF;
    if (r.nextInt(50) == 0) {
      type = mutator.pickOf(MediaType.PLAIN_TEXT_UTF_8, MediaType.parse("application/json; charset=latin1"),
          MediaType.parse("application/protobuf"), MediaType.parse("application/x-protobuf; proto=Other"));
    }
    return httpShot(i, signal, (json ? "json" : "protobuf") + (encoding.isEmpty() ? "" : "+" + encoding), false,
        type, encoding, body);
  }

  /** A valid request whose data is remembered for reading back. */
  private Shot validShot(long i, String transport, long nowNanos, SplittableRandom r) {
    String signal = List.of("traces", "metrics", "logs").get((int) ((i / VALID_EVERY) % 3));
    Message request;
    switch (signal) {
      case "traces" -> {
        TraceId traceId = new TraceId(r.nextLong() | 1L, r.nextLong());
        synchronized (validTraces) {
          validTraces.add(traceId);
        }
        ByteString id = ByteString.copyFrom(traceId.toBytes());
        Span entry = Span.newBuilder().setTraceId(id).setSpanId(spanId(r)).setName("valid-" + i)
            .setKind(Span.SpanKind.SPAN_KIND_SERVER).setStartTimeUnixNano(nowNanos)
            .setEndTimeUnixNano(nowNanos + 1_000_000).addAttributes(OtlpSeeds.attr("note", OtlpMutator.HTML)).build();
        Span child = entry.toBuilder().setSpanId(spanId(r)).setParentSpanId(entry.getSpanId())
            .setName("valid-" + i + "-child").setKind(Span.SpanKind.SPAN_KIND_INTERNAL).build();
        request = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
            .setResource(OtlpSeeds.resource("fuzz-valid", "fuzz-valid-1"))
            .addScopeSpans(ScopeSpans.newBuilder().addSpans(entry).addSpans(child))).build();
      }
      case "logs" -> {
        TraceId traceId = new TraceId(r.nextLong() | 1L, r.nextLong());
        synchronized (validLogs) {
          validLogs.add(traceId);
        }
        request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
            .setResource(OtlpSeeds.resource("fuzz-valid", "fuzz-valid-1"))
            .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder().setTimeUnixNano(nowNanos)
                .setTraceId(ByteString.copyFrom(traceId.toBytes())).setSpanId(spanId(r))
                .setBody(AnyValue.newBuilder().setStringValue("valid-" + i))))).build();
      }
      default -> {
        String name = "valid.metric." + i;
        synchronized (validMetrics) {
          validMetrics.add(name);
        }
        request = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
            .setResource(OtlpSeeds.resource("fuzz-valid", VALID_METRICS_AGENT))
            .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName(name)
                .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(nowNanos)
                    .setAsInt(i)))))).build();
      }
    }
    boolean gzip = r.nextBoolean();
    if (transport.equals("grpc")) {
      byte[] body = request.toByteArray();
      return grpcShot(i, signal, gzip ? "protobuf+gzip" : "protobuf", true, gzip ? OtlpMutator.gzip(body) : body,
          gzip ? "gzip" : "", null);
    }
    boolean json = r.nextBoolean();
    byte[] body = json ? json(request).getBytes(StandardCharsets.UTF_8) : request.toByteArray();
    return httpShot(i, signal, (json ? "json" : "protobuf") + (gzip ? "+gzip" : ""), true,
        json ? MediaType.JSON_UTF_8 : PROTOBUF, gzip ? "gzip" : "", gzip ? OtlpMutator.gzip(body) : body);
  }

  private static ByteString spanId(SplittableRandom r) {
    return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(r.nextLong() | 1L).array());
  }

  /** OTLP/JSON: proto3 JSON with hex ids. */
  private static String json(Message m) {
    try {
      return JSON_ID.matcher(JSON.print(m)).replaceAll(x -> "\"" + x.group(1) + "\":\""
          + HexFormat.of().formatHex(Base64.getDecoder().decode(x.group(2))) + "\"");
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Shot httpShot(long i, String signal, String encodingLabel, boolean valid, MediaType type,
      String contentEncoding, byte[] body) {
    RequestHeadersBuilder h = RequestHeaders.builder(HttpMethod.POST, "/v1/" + signal).contentType(type);
    if (!contentEncoding.isEmpty()) {
      h.add(HttpHeaderNames.CONTENT_ENCODING, contentEncoding);
    }
    return new Shot(i, "http", signal, encodingLabel, valid, h.build(), body);
  }

  /**
   * A raw gRPC call: one length-prefixed message, compressed when {@code grpcEncoding} is gzip; with
   * {@code frameMutator} the frame header itself lies (length, compressed flag) or the frame is cut.
   */
  private static Shot grpcShot(long i, String signal, String encodingLabel, boolean valid, byte[] message,
      String grpcEncoding, SplittableRandom frameMutator) {
    String service = switch (signal) {
      case "traces" -> "opentelemetry.proto.collector.trace.v1.TraceService";
      case "metrics" -> "opentelemetry.proto.collector.metrics.v1.MetricsService";
      default -> "opentelemetry.proto.collector.logs.v1.LogsService";
    };
    boolean compressed = grpcEncoding.equals("gzip");
    ByteBuffer frame = ByteBuffer.allocate(5 + message.length).put((byte) (compressed ? 1 : 0))
        .putInt(message.length).put(message);
    byte[] body = frame.array();
    if (frameMutator != null) {
      switch (frameMutator.nextInt(4)) {
        case 0 -> ByteBuffer.wrap(body).putInt(1, frameMutator.nextInt()); // length lies
        case 1 -> body[0] = (byte) (compressed ? 0 : 1); // compressed flag lies
        case 2 -> body = java.util.Arrays.copyOf(body, frameMutator.nextInt(body.length)); // cut short
        default -> body = ByteBuffer.allocate(body.length * 2).put(body).put(body).array(); // two messages
      }
      encodingLabel += "+badframe";
    }
    RequestHeadersBuilder h = RequestHeaders.builder(HttpMethod.POST, "/" + service + "/Export")
        .contentType(MediaType.parse("application/grpc+proto")).add(HttpHeaderNames.TE, "trailers");
    if (compressed) {
      h.add("grpc-encoding", "gzip");
    }
    return new Shot(i, "grpc", signal, encodingLabel, valid, h.build(), body);
  }

  // ---- sending and judging ----

  private void send(WebClient client, Shot shot, Semaphore inFlight, int attempt) {
    count(shot.transport() + ":sent");
    client.execute(HttpRequest.of(shot.headers(), HttpData.wrap(shot.body()))).aggregate()
        .whenComplete((response, error) -> {
          boolean retry = false;
          try {
            if (error != null) {
              fail(shot, "no response: " + error);
            } else {
              retry = judge(shot, response) && attempt < 20;
            }
          } catch (RuntimeException e) {
            fail(shot, "judging the response threw " + e);
          }
          if (retry) {
            count("retried");
            send(client, shot, inFlight, attempt + 1);
          } else {
            inFlight.release();
          }
        });
  }

  /** Checks one answer; true when a valid request was refused for overload and must be sent again. */
  private boolean judge(Shot shot, AggregatedHttpResponse response) {
    int status = response.status().code();
    if (shot.transport().equals("grpc")) {
      String grpcStatus = response.trailers().get("grpc-status", response.headers().get("grpc-status", "none"));
      count("grpc:" + grpcStatus);
      int code = grpcStatus.equals("none") ? -1 : Integer.parseInt(grpcStatus);
      if (status != 200 || !GRPC_ALLOWED.contains(code)) {
        fail(shot, "HTTP " + status + ", grpc-status " + grpcStatus + ": "
            + response.trailers().get("grpc-message", response.headers().get("grpc-message", "")) + " "
            + response.headers() + response.trailers());
        return false;
      }
      if (shot.valid() && code == 14) {
        return true;
      }
      if (shot.valid() && code != 0) {
        fail(shot, "valid request answered grpc-status " + code);
      }
      return false;
    }
    count("http:" + status);
    if (!HTTP_ALLOWED.contains(status)) {
      fail(shot, "HTTP " + status + ": " + abbreviate(response.contentUtf8()));
      return false;
    }
    if (status == 503) {
      if (response.contentUtf8().contains("storage")) {
        fail(shot, "HTTP 503 storage failure: " + abbreviate(response.contentUtf8()));
        return false;
      }
      return shot.valid();
    }
    if (shot.valid()) {
      // No partial_success: an empty protobuf message, or {} in JSON.
      boolean clean = response.content().isEmpty() || response.contentUtf8().equals("{}");
      if (status != 200 || !clean) {
        fail(shot, "valid request answered HTTP " + status + ": " + abbreviate(response.contentUtf8()));
      }
    }
    return false;
  }

  private void fail(Shot shot, String what) {
    if (failures.size() < 50) {
      failures.add(shot.describe() + ": " + what + " (seed " + SEED + ")");
    }
    count("failed");
  }

  private void count(String key) {
    tally.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }

  private long tallied(String key) {
    AtomicLong v = tally.get(key);
    return v == null ? 0 : v.get();
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  // ---- reading back ----

  private void assertStored(ReceiverHarness harness, long nowNanos) {
    List<String> missing = new ArrayList<>();
    for (TraceId traceId : validTraces) {
      List<String> names = harness.storage().traces().find(traceId).spans().stream().map(StoredSpan::name).toList();
      if (names.size() != 2) {
        missing.add("trace " + traceId + ": " + names);
      }
    }
    for (TraceId traceId : validLogs) {
      List<StoredLog> logs = harness.storage().logs().findByTrace(traceId, 10);
      if (logs.size() != 1) {
        missing.add("log of trace " + traceId + ": " + logs.size() + " records");
      }
    }
    long ms = nowNanos / 1_000_000L;
    Set<String> names = harness.storage().metrics().read(VALID_METRICS_AGENT, ms, ms + 1, AgentMetrics.MAX_POINTS)
        .stream().map(MetricPoint::name).collect(Collectors.toSet());
    for (String name : validMetrics) {
      if (!names.contains(name)) {
        missing.add("metric " + name);
      }
    }
    assertThat(validTraces.size() + validLogs.size() + validMetrics.size())
        .as("valid requests sent").isGreaterThanOrEqualTo(ITERATIONS / VALID_EVERY);
    assertThat(missing).as("valid requests not stored (seed %d)", SEED).isEmpty();
  }

  /**
   * Counts the WARN and ERROR lines written to {@code System.err} (where slf4j-simple logs) while
   * installed; the output still goes through.
   */
  private static final class LogLineCounter extends OutputStream {
    private static final Pattern LEVEL = Pattern.compile("\\] (WARN|ERROR) ");
    private final PrintStream original;
    private final StringBuilder line = new StringBuilder();
    private final AtomicLong warnings = new AtomicLong();
    private final List<String> first = new ArrayList<>();

    private LogLineCounter(PrintStream original) {
      this.original = original;
    }

    static LogLineCounter install() {
      LogLineCounter c = new LogLineCounter(System.err);
      System.setErr(new PrintStream(c, true, StandardCharsets.UTF_8));
      return c;
    }

    void uninstall() {
      System.setErr(original);
    }

    @Override
    public synchronized void write(int b) {
      original.write(b);
      if (b == '\n') {
        String l = line.toString();
        line.setLength(0);
        if (LEVEL.matcher(l).find()) {
          warnings.incrementAndGet();
          if (first.size() < 5) {
            first.add(l);
          }
        }
      } else if (line.length() < 2000) {
        line.append((char) b);
      }
    }

    long warnings() {
      return warnings.get();
    }

    synchronized List<String> first() {
      return List.copyOf(first);
    }

    synchronized void reset() {
      warnings.set(0);
      first.clear();
    }
  }
}
