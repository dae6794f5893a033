package io.pinscope.receiver.mapping;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Counts rejected items of one request and keeps the first {@link #MAX_REASONS} distinct reasons, each cut
 * to {@link #MAX_REASON_LENGTH} characters (reasons quote sender-chosen names).
 */
final class Rejections {
  /** The most distinct reasons kept; a partial_success message stays short. */
  static final int MAX_REASONS = 10;
  /** The longest reason kept, in UTF-16 chars, before the ellipsis. */
  static final int MAX_REASON_LENGTH = 200;

  private final Set<String> reasons = new LinkedHashSet<>();
  private int count;

  /** Records {@code n} rejected items; the reason is kept only when something was rejected. */
  void add(int n, String reason) {
    if (n <= 0) {
      return;
    }
    count += n;
    if (reasons.size() < MAX_REASONS) {
      reasons.add(truncate(reason));
    }
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
    return List.copyOf(reasons);
  }

  /** The reasons joined for a partial_success {@code error_message}; empty when there are none. */
  static String message(List<String> reasons) {
    return String.join("; ", reasons);
  }
}
