package io.pinscope.compat.otlp;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The {@link KnownTrace} as a hand-written OTLP/JSON request ({@code known-trace.otlp.json} beside this
 * class), POSTed to {@code /v1/traces} as an exporter of any language would.
 *
 * <p>The payload is our own, written to the conventions of the {@code examples/trace.json} file of the
 * opentelemetry-proto repository (not a copy of it): ids in upper-case hex, enums as integers
 * ({@code kind}, {@code status.code}), 64-bit integers as decimal strings, {@code flags}, {@code traceState},
 * dropped counts, schema URLs, a scope with attributes, a link, and attributes of every {@code AnyValue} type
 * (string, bool, int, double, array, kvlist, bytes). It carries placeholders the sender fills in:
 * {@code ${traceId}}, {@code ${service}} and {@code ${t0+N}} (the start plus N ms, in epoch nanos).
 */
final class OtlpJsonSender {
  /** How the payload is sent. */
  enum Variant {
    /** As written. */
    EXAMPLE_SHAPE("none", "example shape"),
    /** With fields no OTLP version defines, at every level (receivers must ignore them). */
    UNKNOWN_FIELDS("none", "unknown fields"),
    /** As written, {@code Content-Encoding: gzip}. */
    GZIP("gzip", "example shape"),
    /** 64-bit integers as JSON numbers and ids in lower case (both are allowed too). */
    NUMBERS_AND_LOWER_CASE_IDS("none", "int64 as numbers, lower-case ids");

    final String compression;
    final String label;

    Variant(String compression, String label) {
      this.compression = compression;
      this.label = label;
    }
  }

  /** What the hand-written root carries besides {@link KnownTrace#ROOT_ATTRIBUTES}, as the API shows it. */
  static final Map<String, Object> EXTRA_ROOT_ATTRIBUTES = KnownTrace.orderedMap(
      "conf.int64", 9007199254740993L,
      "conf.bytes", "cafebabe",
      "conf.kvlist", KnownTrace.orderedMap("k", "v", "n", -7L),
      "conf.mixed", List.of("x", 1L, 1.5, false));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(traceId|service|t0\\+(\\d+))}");
  private static final String UNKNOWN = "pinscopeFutureField";

  private OtlpJsonSender() {}

  /** POSTs the payload as {@code variant} to {@code httpEndpoint}{@code /v1/traces} as {@code service}. */
  static Sent send(Variant variant, String httpEndpoint, String service) {
    String traceId = HexFormat.of().withUpperCase().formatHex(randomBytes(16));
    long t0 = (System.currentTimeMillis() - 1000) * 1_000_000L;
    try {
      byte[] body = body(variant, traceId, service, t0);
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(httpEndpoint + "/v1/traces"))
          .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json");
      if (variant.compression.equals("gzip")) {
        request.header("Content-Encoding", "gzip");
        body = gzip(body);
      }
      HttpResponse<String> response = HTTP.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      String problem = responseProblem(response);
      return problem == null ? Sent.ok(traceId) : Sent.failed(problem);
    } catch (IOException e) {
      return Sent.failed("POST failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Sent.failed("interrupted");
    }
  }

  /**
   * What is wrong with the link the hand-written {@code consume order} span carries, as the API shows it
   * (ids in lower case; empty when nothing).
   */
  static List<String> linkDifferences(JsonNode trace) {
    for (JsonNode span : trace.path("spans")) {
      if (span.path("name").asText().equals("consume order")) {
        JsonNode links = span.path("links");
        JsonNode link = links.path(0);
        boolean ok = links.size() == 1
            && link.path("traceId").asText().equals("c0ffee00c0ffee00c0ffee00c0ffee01")
            && link.path("spanId").asText().equals("feedfacefeedface")
            && KnownTrace.matches(Map.of("link.reason", "batched"), link.path("attributes"));
        return ok ? List.of() : List.of("consume order: links " + links + " (expected one to "
            + "c0ffee00c0ffee00c0ffee00c0ffee01/feedfacefeedface with link.reason=batched)");
      }
    }
    return List.of();
  }

  static byte[] body(Variant variant, String traceId, String service, long t0) throws IOException {
    String text = fill(template(), traceId, service, t0);
    return switch (variant) {
      case EXAMPLE_SHAPE, GZIP -> text.getBytes(UTF_8);
      case UNKNOWN_FIELDS -> JSON.writeValueAsBytes(withUnknownFields(JSON.readTree(text)));
      case NUMBERS_AND_LOWER_CASE_IDS -> JSON.writeValueAsBytes(numbersAndLowerCase(JSON.readTree(text)));
    };
  }

  private static String template() {
    try (InputStream in = Objects.requireNonNull(OtlpJsonSender.class.getResourceAsStream("known-trace.otlp.json"),
        "known-trace.otlp.json beside OtlpJsonSender")) {
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String fill(String template, String traceId, String service, long t0) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = m.group(1).equals("traceId") ? traceId
          : m.group(1).equals("service") ? service
          : Long.toString(t0 + Long.parseLong(m.group(2)) * 1_000_000L);
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  /** Adds an unknown field to every object of the request: messages, AnyValues, key-values alike. */
  private static JsonNode withUnknownFields(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.fields().forEachRemaining(e -> withUnknownFields(e.getValue()));
      ObjectNode unknown = JsonNodeFactory.instance.objectNode().put("since", "OTLP 9.9").put("count", 3);
      unknown.putArray("nested").addObject().put("deep", true);
      object.set(UNKNOWN, unknown);
    } else if (node.isArray()) {
      node.forEach(OtlpJsonSender::withUnknownFields);
    }
    return node;
  }

  /** 64-bit integers (times, intValue) as JSON numbers, ids in lower case. */
  private static JsonNode numbersAndLowerCase(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode value = object.get(name);
        if ((name.endsWith("UnixNano") || name.equals("intValue")) && value.isTextual()) {
          object.put(name, Long.parseLong(value.asText()));
        } else if ((name.equals("traceId") || name.endsWith("panId")) && value.isTextual()) {
          object.put(name, value.asText().toLowerCase(Locale.ROOT));
        } else {
          numbersAndLowerCase(value);
        }
      }
    } else if (node.isArray()) {
      node.forEach(OtlpJsonSender::numbersAndLowerCase);
    }
    return node;
  }

  /** Null for a full success (200, JSON, nothing rejected), else what was wrong. */
  private static @Nullable String responseProblem(HttpResponse<String> response) throws IOException {
    if (response.statusCode() != 200) {
      return "HTTP " + response.statusCode() + ": " + response.body();
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (!type.startsWith("application/json")) {
      return "answered with Content-Type " + type + " (expected application/json, the request's)";
    }
    JsonNode partial = JSON.readTree(response.body()).path("partialSuccess");
    if (partial.path("rejectedSpans").asLong() != 0) {
      return "partial success: " + partial;
    }
    return null;
  }

  private static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    }
    return out.toByteArray();
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }
}
