package io.pinscope.receiver.statistics;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Settings of the {@link StatisticsAggregator}: ingest-time pairing of client and server spans, and the bounds on
 * URI-statistics routes and SQL-statistics statements.
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
 * @param maxRoutesPerApplication how many distinct routes ({@link io.pinscope.model.UriRoutes}) the URI
 *     statistics keep per application (default 500); the spans of any further route are counted under
 *     {@link io.pinscope.model.UriRoutes#OTHER}. The routes admitted are remembered for the life of the
 *     aggregator, so each collector, and each run of it, admits its own first routes
 * @param maxStatementsPerApplication how many distinct statements ({@link io.pinscope.model.DbStatements},
 *     each with its database) the SQL statistics keep per application (default 500); further ones are counted
 *     under {@link io.pinscope.model.DbStatements#OTHER}, remembered like the routes
 */
public record StatisticsConfig(Duration pairingWindow, Duration latePairingWindow, int maxPendingPairs,
    int maxRoutesPerApplication, int maxStatementsPerApplication) {
  /** The default pairing window. */
  public static final Duration DEFAULT_PAIRING_WINDOW = Duration.ofSeconds(10);

  /** The default late window. */
  public static final Duration DEFAULT_LATE_PAIRING_WINDOW = Duration.ofSeconds(60);

  /** The default bound on waiting spans. */
  public static final int DEFAULT_MAX_PENDING_PAIRS = 100_000;

  /** The default bound on routes per application. */
  public static final int DEFAULT_MAX_ROUTES_PER_APPLICATION = 500;

  /** The default bound on statements per application. */
  public static final int DEFAULT_MAX_STATEMENTS_PER_APPLICATION = 500;

  /**
   * Validates.
   *
   * @throws IllegalArgumentException when a window is negative or a bound is not positive
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
    if (maxRoutesPerApplication <= 0) {
      throw new IllegalArgumentException(
          "maxRoutesPerApplication: " + maxRoutesPerApplication + " (expected: > 0)");
    }
    if (maxStatementsPerApplication <= 0) {
      throw new IllegalArgumentException(
          "maxStatementsPerApplication: " + maxStatementsPerApplication + " (expected: > 0)");
    }
  }

  /** Pairing settings with the default bounds on routes and statements. */
  public StatisticsConfig(Duration pairingWindow, Duration latePairingWindow, int maxPendingPairs) {
    this(pairingWindow, latePairingWindow, maxPendingPairs, DEFAULT_MAX_ROUTES_PER_APPLICATION);
  }

  /** Pairing settings and a bound on routes, with the default bound on statements. */
  public StatisticsConfig(Duration pairingWindow, Duration latePairingWindow, int maxPendingPairs,
      int maxRoutesPerApplication) {
    this(pairingWindow, latePairingWindow, maxPendingPairs, maxRoutesPerApplication,
        DEFAULT_MAX_STATEMENTS_PER_APPLICATION);
  }

  /** These settings with {@code pairingWindow} and {@code latePairingWindow}. */
  public StatisticsConfig withPairingWindows(Duration pairingWindow, Duration latePairingWindow) {
    return new StatisticsConfig(pairingWindow, latePairingWindow, maxPendingPairs, maxRoutesPerApplication,
        maxStatementsPerApplication);
  }

  /** These settings with {@code maxRoutesPerApplication} routes per application. */
  public StatisticsConfig withMaxRoutesPerApplication(int maxRoutesPerApplication) {
    return new StatisticsConfig(pairingWindow, latePairingWindow, maxPendingPairs, maxRoutesPerApplication,
        maxStatementsPerApplication);
  }

  /** These settings with {@code maxStatementsPerApplication} statements per application. */
  public StatisticsConfig withMaxStatementsPerApplication(int maxStatementsPerApplication) {
    return new StatisticsConfig(pairingWindow, latePairingWindow, maxPendingPairs, maxRoutesPerApplication,
        maxStatementsPerApplication);
  }

  /**
   * A 10-second window, a 60-second late window, at most 100,000 waiting spans per place, 500 routes and 500
   * statements per application.
   */
  public static StatisticsConfig defaults() {
    return new StatisticsConfig(DEFAULT_PAIRING_WINDOW, DEFAULT_LATE_PAIRING_WINDOW, DEFAULT_MAX_PENDING_PAIRS);
  }

  /** True unless the window is {@link Duration#ZERO}. */
  public boolean pairingEnabled() {
    return !pairingWindow.isZero();
  }
}
