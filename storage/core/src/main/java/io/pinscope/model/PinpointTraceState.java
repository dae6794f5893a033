package io.pinscope.model;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Reads Pinpoint's {@code pp} entry of a W3C {@code tracestate}:
 * {@code pp=app:<name>;type:<code>;tx:<TxId>[;ps:<pSpanID>][;sid:<16 hex>]} (sub-keys optional, any order,
 * unknown ones ignored). Pinpoint writes {@code ^} inside TxIds, which tracestate values may carry as-is.
 *
 * <p>{@code sid} is the id of the CLIENT or PRODUCER span that wrote the entry (Pinscope's extension writes
 * it). Other SDKs pass {@code tracestate} along unchanged, so an entry names the calling application only
 * when its {@code sid} is the receiving span's parent id. An entry the extension made from Pinpoint headers
 * (a Pinpoint agent called) has no {@code sid} and carries the caller's {@code ps} (pSpanID); any other entry
 * without {@code sid} (a span that injected its context by hand, an id generator the extension does not
 * own, an older extension) names nobody.
 */
public final class PinpointTraceState {
  /**
   * The caller an entry names.
   *
   * @param application the {@code app} sub-key
   * @param type the {@code type} sub-key as written (a service type code, not always one we know), or null
   * @param setterSpanId the {@code sid} sub-key, or {@link SpanIds#NONE} when absent or not 16 hex digits
   * @param fromPinpointHeaders the entry has no {@code sid} and has {@code ps}: it was made from Pinpoint
   *     headers
   */
  public record Caller(String application, @Nullable String type, long setterSpanId,
      boolean fromPinpointHeaders) {
    public Caller {
      requireNonNull(application, "application");
    }

    /** True when the entry says which span wrote it (Pinscope's extension). */
    public boolean hasSetter() {
      return setterSpanId != SpanIds.NONE;
    }

    /** True when the entry was written by the span {@code parentSpanId}: it names that span's application. */
    public boolean writtenBy(long parentSpanId) {
      return hasSetter() && setterSpanId == parentSpanId;
    }
  }

  /** The value of sub-key {@code key} in the {@code pp} entry of {@code traceState}, or null. */
  public static @Nullable String subKey(String traceState, String key) {
    String pp = entry(traceState);
    if (pp == null) {
      return null;
    }
    for (String part : pp.split(";")) {
      int colon = part.indexOf(':');
      if (colon > 0 && part.substring(0, colon).trim().equals(key)) {
        String v = part.substring(colon + 1).trim();
        return v.isEmpty() ? null : v;
      }
    }
    return null;
  }

  /** The Pinpoint transaction id ({@code tx} sub-key), or null. */
  public static @Nullable String transactionId(String traceState) {
    return subKey(traceState, "tx");
  }

  /** The caller the entry names ({@code app}, {@code type}, {@code sid}, {@code ps}), or null without {@code app}. */
  public static @Nullable Caller caller(String traceState) {
    String app = subKey(traceState, "app");
    if (app == null) {
      return null;
    }
    String sid = subKey(traceState, "sid");
    long setter = SpanIds.NONE;
    if (sid != null && sid.length() == 16) {
      try {
        setter = SpanIds.fromHex(sid);
      } catch (IllegalArgumentException e) {
        // Not an id: treated as absent.
      }
    }
    return new Caller(app, subKey(traceState, "type"), setter,
        setter == SpanIds.NONE && subKey(traceState, "ps") != null);
  }

  private static @Nullable String entry(String traceState) {
    if (traceState.isEmpty()) {
      return null;
    }
    for (String member : traceState.split(",")) {
      String m = member.trim();
      if (m.startsWith("pp=")) {
        return m.substring(3);
      }
    }
    return null;
  }

  private PinpointTraceState() {}
}
