package io.pinscope.receiver.statistics;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Settings of the {@link StatisticsAggregator}'s ingest-time pairing of CLIENT and SERVER spans.
 *
 * @param pairingWindow how long a CLIENT or SERVER span waits, from its arrival, for its other half
 *     before it is resolved alone (default 10 s, as Tempo's service graphs). {@link Duration#ZERO} disables
 *     pairing: every CLIENT span links to an external-host node at once, and every SERVER span is
 *     resolved alone at once (through its {@code pp} trace state, else as a host-map entry).
 * @param maxPendingPairs how many spans may wait for their other half (default 100,000); when full, the
 *     oldest waiting span is resolved alone to make room, and counted as evicted
 */
public record StatisticsConfig(Duration pairingWindow, int maxPendingPairs) {
  /** The default pairing window. */
  public static final Duration DEFAULT_PAIRING_WINDOW = Duration.ofSeconds(10);

  /** The default bound on waiting spans. */
  public static final int DEFAULT_MAX_PENDING_PAIRS = 100_000;

  /**
   * Validates.
   *
   * @throws IllegalArgumentException when the window is negative or the bound is not positive
   */
  public StatisticsConfig {
    requireNonNull(pairingWindow, "pairingWindow");
    if (pairingWindow.isNegative()) {
      throw new IllegalArgumentException(
          "pairingWindow: " + pairingWindow + " (expected: >= 0; ZERO disables pairing)");
    }
    if (maxPendingPairs <= 0) {
      throw new IllegalArgumentException("maxPendingPairs: " + maxPendingPairs + " (expected: > 0)");
    }
  }

  /** A 10-second window and at most 100,000 waiting spans. */
  public static StatisticsConfig defaults() {
    return new StatisticsConfig(DEFAULT_PAIRING_WINDOW, DEFAULT_MAX_PENDING_PAIRS);
  }

  /** True unless the window is {@link Duration#ZERO}. */
  public boolean pairingEnabled() {
    return !pairingWindow.isZero();
  }
}
