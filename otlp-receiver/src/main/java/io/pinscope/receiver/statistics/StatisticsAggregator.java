package io.pinscope.receiver.statistics;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.DbStatements;
import io.pinscope.model.ServiceType;
import io.pinscope.model.SqlKey;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.UriKey;
import io.pinscope.model.UriRoutes;
import io.pinscope.servermap.CallerRules;
import io.pinscope.servermap.MapContributions;
import io.pinscope.servermap.MapContributions.Contribution;
import io.pinscope.servermap.MapContributions.DatabaseCall;
import io.pinscope.servermap.MapContributions.Half;
import io.pinscope.servermap.StatisticsAccumulator;
import io.pinscope.storage.MapStatistics;
import io.pinscope.storage.StatisticsBatch;
import io.pinscope.storage.TraceRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns spans into server-map statistics as they arrive, summed in memory per 1-minute slot of the span's
 * start and written to {@link MapStatistics} as increments by {@link #flush()}. What a span means for the map
 * is decided by {@link MapContributions} and {@link CallerRules} (storage/core), the rules the
 * per-transaction map and the statistics rebuild use too; this class only schedules them:
 * <ul>
 *   <li>self and link contributions are summed at once;
 *   <li>client and server halves of calls wait for each other in {@link CallPairing} — the pairing window,
 *       then, for servers, one point read of their parent span in {@link TraceRepository} at the next flush
 *       (the late pairing: a slow exporter costs a read, not a wrong link), then the late window, then a
 *       last read. A client whose server did not show up within its window links to an external-host node,
 *       which the host map rewrites at query time; a server whose caller never shows up is named by a
 *       {@code pp} entry only when that entry is fresh, else drawn from the unknown-caller node.
 * </ul>
 * Every entry span makes one self increment and every call one link increment, whichever way its halves
 * met — up to a limit: a client span arriving more than a late window after its server was resolved without
 * it counts a second time (on its external host). Statistics are at-least-once, like the storage writes they
 * end in (a retried batch counts again); {@code rebuild-statistics} recomputes them from the traces.
 *
 * <p>Beside the map, every entry span counts once under its application's route ({@link UriRoutes}: the URI
 * statistics), in the same slots and flushes; at most {@link StatisticsConfig#maxRoutesPerApplication()}
 * routes per application, later ones folded into {@link UriRoutes#OTHER} (counted in
 * {@link Snapshot#foldedRouteSpans()}). Likewise every database call of the map
 * ({@link MapContributions#databaseCall}) counts under its application, database and statement
 * ({@link DbStatements}: the SQL statistics), at most {@link StatisticsConfig#maxStatementsPerApplication()}
 * per application, later ones folded into {@link DbStatements#OTHER} (counted in
 * {@link Snapshot#foldedStatementSpans()}). The statistics rebuild recomputes routes and statements through the
 * same keys ({@link MapContributions#routeOf}, {@link MapContributions#statementOf}). Each route, statement and external-host link keeps, per slot, the trace id
 * of the call counted last in a flush as its example transaction ({@link StatisticsAccumulator}).
 *
 * <p>Thread-safe: {@link #accept} reads the spans' attributes and sums what needs no pairing into cells of its
 * own without a lock, then takes one short lock per call to offer the halves and merge its cells, never blocked
 * by storage; {@link #flush()} swaps the summed cells out under that lock, reads the
 * store and writes outside it. A failed write keeps its cells for the next flush, up to
 * {@value #DEFAULT_MAX_RETAINED_CELLS} cells ({@link StatisticsWriter}).
 */
public final class StatisticsAggregator implements AutoCloseable {
  /** How many cells (self, link and host-map values) failed writes may keep for the next flush. */
  public static final int DEFAULT_MAX_RETAINED_CELLS = 200_000;

  /** How many application types are remembered for naming callers. */
  static final int MAX_REMEMBERED_APPLICATIONS = 10_000;

  private static final Logger logger = LoggerFactory.getLogger(StatisticsAggregator.class);

  /** Where a route beyond its application's cap is counted. */
  private static final UnaryOperator<UriKey> OTHER_ROUTE = k -> new UriKey(k.applicationName(), UriRoutes.OTHER);

  /** Where a statement beyond its application's cap is counted. */
  private static final UnaryOperator<SqlKey> OTHER_STATEMENT = k -> new SqlKey(k.applicationName(), k.dbSystem(),
      k.database(), DbStatements.OTHER);

  /**
   * Self-observability counters, read at one moment.
   *
   * @param pendingPairs halves waiting now: for their other half, for a read of their parent, or late
   * @param pairs calls whose two halves met within the pairing window
   * @param latePairs calls whose server found its caller later: by a read of the stored parent span, when
   *     the client arrived after the server's window, or (counted once, from the server's side) after the
   *     server had been resolved without it
   * @param expiredUnpaired clients resolved alone to an external host, whatever the reason (window passed,
   *     evicted, a retry, or stopping)
   * @param unknownCallers servers drawn from the unknown-caller node after their last chance
   * @param evictedForMemory halves resolved early because {@link StatisticsConfig#maxPendingPairs()} was
   *     reached (a server then takes its last chance without a read; no call is dropped)
   * @param parentReads point reads of a server's parent span
   * @param linksWritten link values (one histogram per slot and link) in successful writes
   * @param flushes flushes that ended without a storage failure, including those with nothing to write
   * @param failedFlushes flushes whose write failed; their cells were kept for the next flush
   * @param lastFlushDuration how long the last flush took, reads and write included
   * @param retainedCells cells kept from failed writes, waiting for the next flush
   * @param droppedCells cells dropped because failed writes kept more than the retention bound
   * @param foldedRouteSpans entry spans counted under {@link UriRoutes#OTHER} because their application had
   *     reached {@link StatisticsConfig#maxRoutesPerApplication()} routes
   * @param foldedStatementSpans database calls counted under {@link DbStatements#OTHER} because their
   *     application had reached {@link StatisticsConfig#maxStatementsPerApplication()} statements
   */
  public record Snapshot(int pendingPairs, long pairs, long latePairs, long expiredUnpaired, long unknownCallers,
      long evictedForMemory, long parentReads, long linksWritten, long flushes, long failedFlushes,
      Duration lastFlushDuration, int retainedCells, long droppedCells, long foldedRouteSpans,
      long foldedStatementSpans) {
    public Snapshot {
      requireNonNull(lastFlushDuration, "lastFlushDuration");
    }
  }

  private final TraceRepository traces;
  private final Clock clock;
  private final StatisticsWriter writer;
  private final ConcurrentHashMap<String, Integer> applicationTypes = new ConcurrentHashMap<>();

  private final Object lock = new Object();
  // Guarded by lock (closed is also read without it, to fail fast).
  private StatisticsAccumulator current = new StatisticsAccumulator();
  private final CallPairing pairing;
  private final KeyCap<UriKey> routeCap;
  private final KeyCap<SqlKey> statementCap;
  private volatile boolean closed;

  private final Object flushLock = new Object();
  private volatile long parentReads;
  private volatile long lastFlushNanos;
  private boolean readFailing;

  /**
   * An aggregator writing to {@code sink} and looking servers' parent spans up in {@code traces};
   * {@code clock} times the pairing windows (tests inject one).
   */
  public StatisticsAggregator(MapStatistics sink, TraceRepository traces, StatisticsConfig config, Clock clock) {
    this(sink, traces, config, clock, DEFAULT_MAX_RETAINED_CELLS);
  }

  StatisticsAggregator(MapStatistics sink, TraceRepository traces, StatisticsConfig config, Clock clock,
      int maxRetainedCells) {
    this.traces = requireNonNull(traces, "traces");
    requireNonNull(config, "config");
    this.clock = requireNonNull(clock, "clock");
    this.writer = new StatisticsWriter(sink, maxRetainedCells);
    this.pairing = new CallPairing(config, applicationTypes::get);
    this.routeCap = new KeyCap<>(config.maxRoutesPerApplication(), UriKey::applicationName, OTHER_ROUTE);
    this.statementCap = new KeyCap<>(config.maxStatementsPerApplication(), SqlKey::applicationName,
        OTHER_STATEMENT);
  }

  /**
   * Remembers the types of applications known before this aggregator started (the registry's), so that a
   * caller named by a stored parent span or by {@code pp} is typed as its own spans are, after a restart too.
   */
  public void knownApplications(Map<String, Integer> typeCodes) {
    typeCodes.forEach((application, code) -> {
      if (applicationTypes.size() < MAX_REMEMBERED_APPLICATIONS) {
        applicationTypes.putIfAbsent(application, code);
      }
    });
  }

  /**
   * Aggregates the spans of one resource (application and agent), whose application has type
   * {@code applicationType}. Thread-safe and cheap: it never waits for storage.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public void accept(ServiceType applicationType, List<StoredSpan> spans) {
    requireNonNull(applicationType, "applicationType");
    requireNonNull(spans, "spans");
    checkOpen();
    // Everything but the halves is summed into a part of this call's own, outside the lock, and merged under
    // it once (StatisticsAccumulator.merge gives what counting span by span there would); the halves keep
    // their arrival order in the pairing table.
    StatisticsAccumulator part = StatisticsAccumulator.inArrivalOrder();
    List<Half> halves = new ArrayList<>();
    List<Contribution> contributions = new ArrayList<>(4);
    @Nullable String remembered = null;
    for (StoredSpan span : spans) {
      requireNonNull(span, "span");
      if (!span.applicationName().equals(remembered)) {
        remembered = span.applicationName();
        remember(remembered, applicationType);
      }
      contributions.clear();
      DatabaseCall db = MapContributions.addTo(contributions, span, applicationType.code());
      for (Contribution c : contributions) {
        if (c instanceof Half half) {
          halves.add(half);
        } else {
          MapContributions.apply(c, part);
        }
      }
      UriKey route = MapContributions.routeOf(span);
      if (route != null) {
        part.uriCall(span.startEpochMillis(), route, elapsedMillis(span), span.isError(), span.traceId());
      }
      SqlKey statement = MapContributions.statementOf(span, db);
      if (statement != null) {
        part.sqlCall(span.startEpochMillis(), statement, elapsedMillis(span), span.isError(), span.traceId());
      }
    }
    synchronized (lock) {
      checkOpen();
      long now = clock.millis(); // Read under the lock, so that the pairing table stays in arrival order.
      for (Half half : halves) {
        pairing.offer(half, now, current);
      }
      current.merge(part, routeCap, statementCap);
    }
  }

  private static long elapsedMillis(StoredSpan span) {
    return span.durationNanos() / 1_000_000L;
  }

  /**
   * Moves on every waiting half whose window passed, reads the parent spans of the servers that need it,
   * then writes everything aggregated so far (plus what earlier failed writes kept) as one
   * {@link StatisticsBatch}. Meant to be called every second by one scheduler thread; concurrent calls run
   * one after the other. A storage failure is not thrown: it is logged, counted, and the cells are kept.
   */
  public void flush() {
    synchronized (flushLock) {
      long start = System.nanoTime();
      List<CallPairing.Read> reads;
      synchronized (lock) {
        reads = pairing.takeReads(clock.millis(), current);
      }
      settle(reads, false);
      StatisticsAccumulator taken;
      synchronized (lock) {
        taken = current;
        current = new StatisticsAccumulator();
      }
      writer.write(taken);
      lastFlushNanos = System.nanoTime() - start;
    }
  }

  /**
   * Resolves every waiting half (clients alone, servers after one read, without waiting longer) and
   * flushes; {@link #accept} fails from then on. Idempotent; a later {@link #flush()} (or {@code close()})
   * retries what a failed final write kept.
   */
  @Override
  public void close() {
    synchronized (flushLock) {
      List<CallPairing.Read> reads;
      synchronized (lock) {
        closed = true;
        reads = pairing.takeAll(clock.millis(), current);
      }
      settle(reads, true);
    }
    flush();
  }

  /** The counters now. */
  public Snapshot snapshot() {
    synchronized (lock) {
      return new Snapshot(pairing.pending(), pairing.pairs(), pairing.latePairs(), pairing.clientsAlone(),
          pairing.unknownCallers(), pairing.evictedForMemory(), parentReads, writer.linksWritten(),
          writer.flushes(), writer.failedFlushes(), Duration.ofNanos(lastFlushNanos), writer.retainedCells(),
          writer.droppedCells(), routeCap.folded(), statementCap.folded());
    }
  }

  /** Reads the parent span of each server outside the lock, then settles them under it. */
  private void settle(List<CallPairing.Read> reads, boolean stopping) {
    if (reads.isEmpty()) {
      return;
    }
    List<Optional<StoredSpan>> parents = new ArrayList<>(reads.size());
    for (CallPairing.Read r : reads) {
      parents.add(readParent(r));
    }
    parentReads += reads.size();
    synchronized (lock) {
      long now = clock.millis();
      for (int i = 0; i < reads.size(); i++) {
        pairing.settle(reads.get(i), parents.get(i), now, current, stopping);
      }
    }
  }

  private Optional<StoredSpan> readParent(CallPairing.Read r) {
    try {
      Optional<StoredSpan> parent = traces.findSpan(r.half().key().traceId(), r.half().parentSpanId());
      if (readFailing) {
        logger.info("Reading parent spans for the server map works again");
        readFailing = false;
      }
      return parent;
    } catch (RuntimeException e) {
      // Storage failing: ingest fails too. The server is treated as not found (it waits, or goes on alone).
      if (!readFailing) {
        logger.warn("Reading a parent span for the server map failed; treated as not stored", e);
        readFailing = true;
      }
      return Optional.empty();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("StatisticsAggregator is closed");
    }
  }

  private void remember(String application, ServiceType type) {
    Integer known = applicationTypes.get(application);
    if (known == null ? applicationTypes.size() < MAX_REMEMBERED_APPLICATIONS : known != type.code()) {
      applicationTypes.put(application, type.code());
    }
  }
}
