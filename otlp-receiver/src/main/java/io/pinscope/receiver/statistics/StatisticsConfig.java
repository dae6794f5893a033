package io.pinscope.receiver.statistics;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Settings of the {@link StatisticsAggregator}'s ingest-time pairing of client and server spans.
 *
 * @param pairingWindow how long a client or server span waits, from its arrival, for its other half
 *     (default 10 s, as Tempo's service graphs). {@link Duration#ZERO} disables ingest-time pairing: a client
 *     span links to an external-host node at once (the host map rewrites it at query time), and a server
 *     span goes straight to the look-up of its parent span
 * @param latePairingWindow how long a server span whose parent span is not stored yet waits for it after the
 *     pairing window and one look-up (default 60 s): a client span arriving meanwhile pairs with it; then the
 *     parent is looked up a last time before the call is drawn from the unknown-caller node. Covers exporters
 *     that batch for longer than the pairing window
 * @param maxPendingPairs how many spans may wait in each of the pairing table, the look-up queue and the late
 *     table (default 100,000); when one is full, its oldest span is resolved without waiting and counted as
 *     evicted
 */
public record StatisticsConfig(Duration pairingWindow, Duration latePairingWindow, int maxPendingPairs) {
  /** The default pairing window. */
  public static final Duration DEFAULT_PAIRING_WINDOW = Duration.ofSeconds(10);

  /** The default late window. */
  public static final Duration DEFAULT_LATE_PAIRING_WINDOW = Duration.ofSeconds(60);

  /** The default bound on waiting spans. */
  public static final int DEFAULT_MAX_PENDING_PAIRS = 100_000;

  /**
   * Validates.
   *
   * @throws IllegalArgumentException when a window is negative or the bound is not positive
   */
  public StatisticsConfig {
    requireNonNull(pairingWindow, "pairingWindow");
    requireNonNull(latePairingWindow, "latePairingWindow");
    if (pairingWindow.isNegative()) {
      throw new IllegalArgumentException(
          "pairingWindow: " + pairingWindow + " (expected: >= 0; ZERO disables pairing)");
    }
    if (latePairingWindow.isNegative()) {
      throw new IllegalArgumentException("latePairingWindow: " + latePairingWindow + " (expected: >= 0)");
    }
    if (maxPendingPairs <= 0) {
      throw new IllegalArgumentException("maxPendingPairs: " + maxPendingPairs + " (expected: > 0)");
    }
  }

  /** A 10-second window, a 60-second late window and at most 100,000 waiting spans per place. */
  public static StatisticsConfig defaults() {
    return new StatisticsConfig(DEFAULT_PAIRING_WINDOW, DEFAULT_LATE_PAIRING_WINDOW, DEFAULT_MAX_PENDING_PAIRS);
  }

  /** True unless the window is {@link Duration#ZERO}. */
  public boolean pairingEnabled() {
    return !pairingWindow.isZero();
  }
}
