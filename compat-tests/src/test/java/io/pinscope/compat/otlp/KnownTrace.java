package io.pinscope.compat.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The trace every sender of {@link ITOtlpConformance} sends, and what Pinscope's REST API must give back
 * for it ({@code GET /api/v1/traces/{traceId}}). Five spans, one of each kind but UNSPECIFIED, times as
 * fixed offsets in milliseconds from one start, the root carrying one attribute of each primitive type and
 * a string array, the client span an error status and an event:
 *
 * <pre>
 *   GET /checkout (SERVER, 0–120 ms)
 *   ├── load cart (INTERNAL, 10–60)
 *   │   └── POST /payments (CLIENT, 20–50; status ERROR "card declined"; event "retry" at 30, attempt=1)
 *   └── publish order (PRODUCER, 70–80)
 *       └── consume order (CONSUMER, 85–110)
 * </pre>
 *
 * <p>The Python and Node senders ({@code compat-tests/otlp-senders/}) and the hand-written OTLP/JSON payload
 * ({@code known-trace.otlp.json}) spell the same trace in their own language: change them together.
 */
final class KnownTrace {
  /** One span: its name, kind, parent's name (null for the root) and times as offsets from the start. */
  record SpanSpec(String name, String kind, @Nullable String parent, int startMs, int endMs) {}

  static final List<SpanSpec> SPANS = List.of(
      new SpanSpec("GET /checkout", "SERVER", null, 0, 120),
      new SpanSpec("load cart", "INTERNAL", "GET /checkout", 10, 60),
      new SpanSpec("POST /payments", "CLIENT", "load cart", 20, 50),
      new SpanSpec("publish order", "PRODUCER", "GET /checkout", 70, 80),
      new SpanSpec("consume order", "CONSUMER", "publish order", 85, 110));
  static final String ROOT = "GET /checkout";
  static final String ERROR_SPAN = "POST /payments";
  static final String ERROR_MESSAGE = "card declined";
  static final String EVENT = "retry";
  static final int EVENT_MS = 30;
  static final Map<String, Object> EVENT_ATTRIBUTES = Map.of("attempt", 1L);
  static final String SCOPE = "pinscope.conformance";
  static final String SCOPE_VERSION = "1.0.0";

  /** The root's attributes: string (not ASCII), int, double, bool and a string array. */
  static final Map<String, Object> ROOT_ATTRIBUTES = orderedMap(
      "conf.string", "café ☕",
      "conf.int", 42L,
      "conf.double", 2.5,
      "conf.bool", true,
      "conf.array", List.of("a", "b", "c"));

  private KnownTrace() {}

  /**
   * What differs between {@code trace} (the REST API's answer) and the known trace sent as {@code service}
   * with trace id {@code traceId}; empty when it arrived complete and faithful.
   *
   * @param extraRootAttributes attributes the sender put on the root besides {@link #ROOT_ATTRIBUTES}, as
   *     the API shows them (a hand-written payload carries every OTLP value type)
   */
  static List<String> differences(JsonNode trace, String traceId, String service,
      Map<String, Object> extraRootAttributes) {
    List<String> out = new ArrayList<>();
    if (!traceId.equalsIgnoreCase(trace.path("traceId").asText())) {
      out.add("traceId " + trace.path("traceId") + " (expected " + traceId + ")");
    }
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    Map<String, String> nameById = new HashMap<>();
    for (JsonNode span : trace.path("spans")) {
      byName.put(span.path("name").asText(), span);
      nameById.put(span.path("spanId").asText(), span.path("name").asText());
    }
    TreeSet<String> expectedNames = new TreeSet<>();
    SPANS.forEach(s -> expectedNames.add(s.name()));
    if (trace.path("spans").size() != SPANS.size() || !byName.keySet().equals(expectedNames)) {
      out.add(trace.path("spans").size() + " spans " + new TreeSet<>(byName.keySet()) + " (expected "
          + SPANS.size() + " " + expectedNames + ")");
    }
    JsonNode root = byName.get(ROOT);
    long t0 = root == null ? 0 : root.path("startTime").asLong();
    for (SpanSpec spec : SPANS) {
      JsonNode span = byName.get(spec.name());
      if (span != null) {
        out.addAll(spanDifferences(spec, span, service, t0, nameById));
      }
    }
    if (root != null) {
      Map<String, Object> attributes = new LinkedHashMap<>(ROOT_ATTRIBUTES);
      attributes.putAll(extraRootAttributes);
      attributes.forEach((key, value) -> {
        JsonNode actual = root.path("attributes").path(key);
        if (!matches(value, actual)) {
          out.add(ROOT + ": attribute " + key + " = " + (actual.isMissingNode() ? "(missing)" : actual)
              + " (expected " + value + ")");
        }
      });
    }
    JsonNode client = byName.get(ERROR_SPAN);
    if (client != null) {
      out.addAll(errorAndEventDifferences(client, t0));
    }
    return out;
  }

  private static List<String> spanDifferences(SpanSpec spec, JsonNode span, String service, long t0,
      Map<String, String> nameById) {
    List<String> out = new ArrayList<>();
    String where = spec.name() + ": ";
    if (!spec.kind().equals(span.path("kind").asText())) {
      out.add(where + "kind " + span.path("kind").asText() + " (expected " + spec.kind() + ")");
    }
    JsonNode parentId = span.path("parentSpanId");
    String parent = parentId.isNull() || parentId.isMissingNode() ? null
        : nameById.getOrDefault(parentId.asText(), "unknown span " + parentId.asText());
    if (!java.util.Objects.equals(spec.parent(), parent)) {
      out.add(where + "parent " + parent + " (expected " + spec.parent() + ")");
    }
    if (!service.equals(span.path("application").asText())) {
      out.add(where + "application " + span.path("application").asText() + " (expected service.name "
          + service + ")");
    }
    if (span.path("startTime").asLong() - t0 != spec.startMs()) {
      out.add(where + "starts at +" + (span.path("startTime").asLong() - t0) + " ms (expected +" + spec.startMs()
          + ")");
    }
    if (span.path("elapsedMs").asDouble() != spec.endMs() - spec.startMs()) {
      out.add(where + "elapsed " + span.path("elapsedMs").asDouble() + " ms (expected "
          + (spec.endMs() - spec.startMs()) + ")");
    }
    boolean error = spec.name().equals(ERROR_SPAN);
    if (span.path("error").asBoolean() != error) {
      out.add(where + "error " + span.path("error").asBoolean() + " (expected " + error + ")");
    }
    if (!SCOPE.equals(span.path("scope").asText()) || !SCOPE_VERSION.equals(span.path("scopeVersion").asText())) {
      out.add(where + "scope " + span.path("scope").asText() + " " + span.path("scopeVersion").asText()
          + " (expected " + SCOPE + " " + SCOPE_VERSION + ")");
    }
    return out;
  }

  private static List<String> errorAndEventDifferences(JsonNode client, long t0) {
    List<String> out = new ArrayList<>();
    if (!ERROR_MESSAGE.equals(client.path("statusMessage").asText())) {
      out.add(ERROR_SPAN + ": statusMessage " + client.path("statusMessage") + " (expected " + ERROR_MESSAGE + ")");
    }
    JsonNode events = client.path("events");
    JsonNode event = events.path(0);
    if (events.size() != 1 || !EVENT.equals(event.path("name").asText())) {
      out.add(ERROR_SPAN + ": events " + events + " (expected one named " + EVENT + ")");
    } else {
      if (event.path("time").asLong() - t0 != EVENT_MS) {
        out.add(ERROR_SPAN + ": event at +" + (event.path("time").asLong() - t0) + " ms (expected +" + EVENT_MS + ")");
      }
      if (!matches(EVENT_ATTRIBUTES, event.path("attributes"))) {
        out.add(ERROR_SPAN + ": event attributes " + event.path("attributes") + " (expected " + EVENT_ATTRIBUTES + ")");
      }
    }
    return out;
  }

  /**
   * Whether {@code actual} is {@code expected} in its JSON type: a Long only as an integral number (an int
   * that became a double is a fault), a Double only as a floating-point one, lists and maps element-wise.
   */
  static boolean matches(Object expected, JsonNode actual) {
    if (expected instanceof String s) {
      return actual.isTextual() && actual.asText().equals(s);
    } else if (expected instanceof Boolean b) {
      return actual.isBoolean() && actual.asBoolean() == b;
    } else if (expected instanceof Long l) {
      return actual.isIntegralNumber() && actual.canConvertToLong() && actual.asLong() == l;
    } else if (expected instanceof Double d) {
      return actual.isFloatingPointNumber() && actual.asDouble() == d;
    } else if (expected instanceof List<?> list) {
      if (!actual.isArray() || actual.size() != list.size()) {
        return false;
      }
      for (int i = 0; i < list.size(); i++) {
        if (!matches(list.get(i), actual.get(i))) {
          return false;
        }
      }
      return true;
    } else if (expected instanceof Map<?, ?> map) {
      if (!actual.isObject() || actual.size() != map.size()) {
        return false;
      }
      return map.entrySet().stream().allMatch(e -> matches(e.getValue(), actual.path((String) e.getKey())));
    }
    throw new IllegalArgumentException("expected value of type " + expected.getClass().getName()
        + " (expected: String, Boolean, Long, Double, List or Map)");
  }

  /** A map keeping the order of {@code keysAndValues} (key, value, key, value...). */
  static Map<String, Object> orderedMap(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
