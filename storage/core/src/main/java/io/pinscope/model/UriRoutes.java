package io.pinscope.model;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The route an entry span is counted under in the URI statistics (Pinpoint's URI template), the one rule the
 * receiver's statistics and the query side share. For an entry span ({@link StoredSpan#isEntry()}, the
 * server map's rule), in order:
 * <ol>
 *   <li>{@code http.route} as the framework gave it;
 *   <li>else the path ({@code url.path} ▸ {@code http.target}) without query or fragment, {@link #normalise
 *       normalised}: segments that are numbers, UUIDs or long hex strings become {@code {id}};
 *   <li>else the span name, normalised the same way (non-HTTP entries: consumers, jobs).
 * </ol>
 * A route from the first two is prefixed by the HTTP method when known ({@code GET /orders/{id}}). Routes are
 * cut to {@value #MAX_LENGTH} characters. Spans that are no entry have no route.
 */
public final class UriRoutes {
  /** The route every route past an application's cap is folded into. */
  public static final String OTHER = "other";

  /** The longest route kept, in characters. */
  public static final int MAX_LENGTH = 256;

  /** What an identifier segment becomes. */
  public static final String ID = "{id}";

  /** Hex strings at least this long are identifiers (hashes, object ids). */
  static final int MIN_HEX_ID = 16;

  /** The route of {@code span}, or null when it is no entry span. */
  public static @Nullable String of(StoredSpan span) {
    requireNonNull(span, "span");
    if (!span.isEntry()) {
      return null;
    }
    Attributes a = span.attributes();
    String route = Semconv.httpRoute(a);
    if (route == null) {
      String path = Semconv.urlPath(a);
      route = path == null ? null : normalise(stripQuery(path));
    }
    if (route == null) {
      return cut(normalise(span.name()));
    }
    String method = Semconv.httpMethod(a);
    return cut(method == null ? route : method + " " + route);
  }

  /** {@code path} with each {@code /}-separated segment that is an identifier replaced by {@value #ID}. */
  public static String normalise(String path) {
    requireNonNull(path, "path");
    StringBuilder b = new StringBuilder(path.length());
    int start = 0;
    while (true) {
      int slash = path.indexOf('/', start);
      int end = slash < 0 ? path.length() : slash;
      String segment = path.substring(start, end);
      b.append(isIdentifier(segment) ? ID : segment);
      if (slash < 0) {
        return b.toString();
      }
      b.append('/');
      start = slash + 1;
    }
  }

  /** True for a number, a UUID, or at least {@value #MIN_HEX_ID} hex digits. */
  static boolean isIdentifier(String segment) {
    if (segment.isEmpty()) {
      return false;
    }
    boolean digits = true;
    boolean hex = true;
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      digits &= c >= '0' && c <= '9';
      hex &= (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
    return digits || (hex && segment.length() >= MIN_HEX_ID) || isUuid(segment);
  }

  private static boolean isUuid(String s) {
    if (s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static String stripQuery(String target) {
    int end = target.length();
    int q = target.indexOf('?');
    int f = target.indexOf('#');
    if (q >= 0) {
      end = q;
    }
    if (f >= 0 && f < end) {
      end = f;
    }
    String path = target.substring(0, end);
    return path.isEmpty() ? "/" : path;
  }

  private static String cut(String route) {
    return route.length() <= MAX_LENGTH ? route : route.substring(0, MAX_LENGTH);
  }

  private UriRoutes() {}
}
