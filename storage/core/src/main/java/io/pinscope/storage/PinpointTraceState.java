package io.pinscope.storage;

import org.jspecify.annotations.Nullable;

/**
 * Reads Pinpoint's {@code pp} entry of a W3C {@code tracestate}: {@code pp=app:<name>;type:<code>;tx:<TxId>}
 * (sub-keys optional, any order, unknown ones ignored). Pinpoint writes {@code ^} inside TxIds, which
 * tracestate values may carry as-is.
 */
public final class PinpointTraceState {
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
