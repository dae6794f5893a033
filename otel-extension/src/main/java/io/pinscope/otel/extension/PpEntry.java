package io.pinscope.otel.extension;

import io.opentelemetry.api.trace.TraceState;

/**
 * The {@code pp} member of a W3C tracestate: {@code pp=app:<application>;type:<code>;tx:<TxId>[;ps:<pSpanID>]}.
 * Sub-keys are optional and read in any order. Values never contain ',', '=', ';' or ':' (replaced by
 * '_') and stay within printable ASCII, so the member is always a valid tracestate value.
 */
final class PpEntry {
  static final String KEY = "pp";
  private static final int MAX_APPLICATION_LENGTH = 128;

  private PpEntry() {}

  /** The value of {@code subKey} in the {@code pp} member of {@code state}, or null. */
  static String get(TraceState state, String subKey) {
    return get(state.get(KEY), subKey);
  }

  static String get(String entry, String subKey) {
    if (entry == null) {
      return null;
    }
    for (String part : entry.split(";")) {
      int colon = part.indexOf(':');
      if (colon > 0 && part.substring(0, colon).equals(subKey)) {
        String value = part.substring(colon + 1);
        return value.isEmpty() ? null : value;
      }
    }
    return null;
  }

  /** Formats the entry; null values are left out. */
  static String format(String application, Integer type, String txId, String pSpanId) {
    StringBuilder sb = new StringBuilder();
    append(sb, "app", application == null ? null : clean(application, MAX_APPLICATION_LENGTH));
    append(sb, "type", type == null ? null : type.toString());
    append(sb, "tx", txId);
    append(sb, "ps", pSpanId);
    return sb.toString();
  }

  /** {@code entry} with {@code tx:<txId>} added (the caller's other sub-keys kept). */
  static String withTransaction(String entry, String txId) {
    StringBuilder sb = new StringBuilder(entry == null ? "" : entry);
    append(sb, "tx", txId);
    return sb.toString();
  }

  private static void append(StringBuilder sb, String key, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    if (sb.length() > 0) {
      sb.append(';');
    }
    sb.append(key).append(':').append(value);
  }

  /** Makes {@code value} safe as a sub-key value: printable ASCII without , = ; : and no edge spaces. */
  static String clean(String value, int maxLength) {
    String trimmed = value.trim();
    StringBuilder sb = new StringBuilder(Math.min(trimmed.length(), maxLength));
    for (int i = 0; i < trimmed.length() && sb.length() < maxLength; i++) {
      char c = trimmed.charAt(i);
      boolean bad = c < 0x20 || c > 0x7e || c == ',' || c == '=' || c == ';' || c == ':';
      sb.append(bad ? '_' : c);
    }
    return sb.toString().trim();
  }
}
