package io.pinscope.otel.extension;

import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code pp} member of a W3C tracestate:
 * {@code pp=app:<application>;type:<code>;tx:<TxId>[;sid:<span id>|;ps:<pSpanID>]}. Sub-keys are optional
 * and read in any order. {@code sid} is the 16 lower-case hex digit id of the CLIENT or PRODUCER span that
 * wrote the entry; {@code ps} is Pinpoint's pSpanID when the entry came from Pinpoint headers. Values
 * never contain ',', '=', ';' or ':' (replaced by '_') and stay within printable ASCII.
 */
final class PpEntry {
  static final String KEY = "pp";
  /** W3C: a tracestate list holds at most 32 members. */
  private static final int MAX_MEMBERS = 32;
  /** W3C: a member value holds at most 256 characters. */
  private static final int MAX_VALUE_LENGTH = 256;
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

  /** {@code app:<application>;type:<type>;tx:<txId>}; null values are left out. */
  static String format(String application, Integer type, String txId) {
    StringBuilder sb = new StringBuilder();
    append(sb, "app", application == null ? null : clean(application, MAX_APPLICATION_LENGTH));
    append(sb, "type", type == null ? null : type.toString());
    append(sb, "tx", txId);
    return sb.toString();
  }

  /** {@code entry} (may be null) with {@code ;<subKey>:<value>} appended, or as it is when value is null. */
  static String with(String entry, String subKey, String value) {
    StringBuilder sb = new StringBuilder(entry == null ? "" : entry);
    append(sb, subKey, value);
    return sb.toString();
  }

  /**
   * {@code state} with {@code pp=<entry>} as its left-most member, as W3C trace context requires of a
   * vendor that adds or modifies its member: every other member keeps its order, and when the list would
   * exceed {@value #MAX_MEMBERS} members the right-most ones are dropped — never {@code pp}. An entry that
   * is not a valid tracestate value (a long application name with a long TxId can exceed 256 characters)
   * is not sent at all: {@code state} comes back without {@code pp} rather than with a stale one.
   */
  static TraceState putLeftmost(TraceState state, String entry) {
    if (!isValidValue(entry)) {
      return state.toBuilder().remove(KEY).build();
    }
    List<String> members = new ArrayList<>(2 * state.size());
    state.forEach((key, value) -> {
      if (!key.equals(KEY)) {
        members.add(key);
        members.add(value);
      }
    });
    // The OTel builder cannot do this in place: put() leaves a replaced key where it is, and ignores every
    // put() — a replacement too — while 32 members are present. A fresh builder adds each new key at the
    // front, so the kept members go in from the right and pp last.
    int kept = Math.min(members.size() / 2, MAX_MEMBERS - 1);
    TraceStateBuilder builder = TraceState.builder();
    for (int i = kept - 1; i >= 0; i--) {
      builder.put(members.get(2 * i), members.get(2 * i + 1));
    }
    return builder.put(KEY, entry).build();
  }

  /** W3C tracestate value: 1 to 256 printable ASCII characters but ',' and '=', not ending in a space. */
  private static boolean isValidValue(String value) {
    if (value.isEmpty() || value.length() > MAX_VALUE_LENGTH || value.charAt(value.length() - 1) == ' ') {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e || c == ',' || c == '=') {
        return false;
      }
    }
    return true;
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
