package io.pinscope.receiver.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts rejected items of one request by reason, keeping the first {@link #MAX_REASONS} distinct reasons
 * (later ones are counted under {@link #OTHER}), each cut to {@link #MAX_REASON_LENGTH} characters
 * (reasons quote sender-chosen names).
 */
final class Rejections {
  /** The most distinct reasons kept; a partial_success message stays short. */
  static final int MAX_REASONS = 10;
  /** The longest reason kept, in UTF-16 chars, before the ellipsis. */
  static final int MAX_REASON_LENGTH = 200;
  /** Where rejections past the first {@link #MAX_REASONS} reasons are counted. */
  static final String OTHER = "other reasons";

  private final Map<String, Integer> reasons = new LinkedHashMap<>();
  private int count;

  /** Records {@code n} rejected items for {@code reason}; nothing when {@code n <= 0}. */
  void add(int n, String reason) {
    if (n <= 0) {
      return;
    }
    count += n;
    String key = truncate(reason);
    if (!reasons.containsKey(key) && reasons.size() >= MAX_REASONS) {
      key = OTHER;
    }
    reasons.merge(key, n, Integer::sum);
  }

  private static String truncate(String reason) {
    if (reason.length() <= MAX_REASON_LENGTH) {
      return reason;
    }
    int end = Character.isHighSurrogate(reason.charAt(MAX_REASON_LENGTH - 1))
        ? MAX_REASON_LENGTH - 1 : MAX_REASON_LENGTH;
    return reason.substring(0, end) + "…";
  }

  int count() {
    return count;
  }

  List<String> reasons() {
    return List.copyOf(reasons.keySet());
  }

  /** Rejected items per reason, in first-seen order. */
  Map<String, Integer> counts() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
  }

  /** The reasons joined for a partial_success {@code error_message}; empty when there are none. */
  static String message(List<String> reasons) {
    return String.join("; ", reasons);
  }
}
