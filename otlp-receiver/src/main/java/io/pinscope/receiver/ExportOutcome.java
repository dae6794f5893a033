package io.pinscope.receiver;

import static java.util.Objects.requireNonNull;

/**
 * What one export request came to once it was durably stored: how many items (spans, data points, log
 * records) it carried, how many were rejected and why ({@code ""} when none were).
 */
public record ExportOutcome(int received, int rejected, String errorMessage) {
  public ExportOutcome {
    requireNonNull(errorMessage, "errorMessage");
    if (rejected < 0 || rejected > received) {
      throw new IllegalArgumentException("rejected: " + rejected + " (expected: 0.." + received + ")");
    }
  }

  /** Items stored. */
  public int accepted() {
    return received - rejected;
  }
}
