package io.pinscope.compat.shop;

import io.pinscope.compat.http.JsonExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The hop protocol ({@code compat-tests/shop/README.md}) as the shop's Java services speak it, whatever their
 * HTTP server and client: the configuration from the environment and the answer's JSON. JDK classes only, so
 * that it runs under either agent.
 *
 * @param service {@code SERVICE}: its name in answers and in {@code ?fail=}
 * @param port {@code PORT}: it listens on 127.0.0.1 there
 * @param downstream {@code DOWNSTREAM}: base URLs without a trailing slash, in calling order
 */
record HopProtocol(String service, int port, List<String> downstream) {
  HopProtocol {
    downstream = List.copyOf(downstream);
  }

  /** From {@code SERVICE}, {@code PORT} and {@code DOWNSTREAM}; exits with status 2 naming what is missing. */
  static HopProtocol fromEnvironment() {
    List<String> downstream = new ArrayList<>();
    for (String d : System.getenv().getOrDefault("DOWNSTREAM", "").split(",")) {
      String trimmed = d.strip().replaceAll("/+$", "");
      if (!trimmed.isEmpty()) {
        downstream.add(trimmed);
      }
    }
    return new HopProtocol(env("SERVICE"), Integer.parseInt(env("PORT")), downstream);
  }

  /** Whether a hop with this raw query string must fail here ({@code fail=<this service>}). */
  boolean failsOn(@Nullable String rawQuery) {
    return service.equals(queryParameter(rawQuery, "fail"));
  }

  /** The URL of the hop to {@code base} that carries the same query on. */
  static String hopUrl(String base, @Nullable String rawQuery) {
    return base + "/hop" + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
  }

  /**
   * The answer: {@code {"service","runtime","status","traceparent","tracestate","pinpoint",["error",]
   * "downstream"}}, where {@code pinpoint} holds the {@code Pinpoint-*} request headers (names lower-case) and
   * {@code downstreamAnswers} is the comma-separated JSON of the downstream answers.
   */
  String answer(String runtime, int status, Map<String, String> requestHeaders, String downstreamAnswers) {
    Map<String, String> lower = new TreeMap<>();
    requestHeaders.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
    StringBuilder pinpoint = new StringBuilder("{");
    lower.forEach((name, value) -> {
      if (name.startsWith("pinpoint-")) {
        pinpoint.append(pinpoint.length() > 1 ? "," : "").append(JsonExchange.quote(name)).append(':')
            .append(JsonExchange.quote(value));
      }
    });
    pinpoint.append('}');
    return "{\"service\":" + JsonExchange.quote(service) + ",\"runtime\":" + JsonExchange.quote(runtime)
        + ",\"status\":" + status
        + ",\"traceparent\":" + quoteOrNull(lower.get("traceparent"))
        + ",\"tracestate\":" + quoteOrNull(lower.get("tracestate"))
        + ",\"pinpoint\":" + pinpoint
        + (status >= 500 ? ",\"error\":\"failing on purpose\"" : "")
        + ",\"downstream\":[" + downstreamAnswers + "]}";
  }

  /**
   * What a downstream answered, as one JSON object: its body when that is JSON, else a failure object
   * {@code {"url","status","error"}} ({@code status} 0 when there was no answer).
   */
  static String downstreamAnswer(String url, int status, @Nullable String body, @Nullable String error) {
    String trimmed = body == null ? "" : body.strip();
    if (error == null && trimmed.startsWith("{")) {
      return trimmed;
    }
    return "{\"url\":" + JsonExchange.quote(url) + ",\"status\":" + status + ",\"error\":"
        + JsonExchange.quote(error != null ? error : "not JSON: " + trimmed) + "}";
  }

  private static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      System.err.println(name + " must be set");
      System.exit(2);
    }
    return value;
  }

  private static @Nullable String queryParameter(@Nullable String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static String quoteOrNull(@Nullable String s) {
    return s == null ? "null" : JsonExchange.quote(s);
  }
}
