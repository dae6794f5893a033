package io.pinscope.receiver.statistics;

import io.pinscope.model.Semconv;
import static java.util.Objects.requireNonNull;

import io.pinscope.model.Attributes;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.NodeCategory;
import io.pinscope.model.SelfKey;
import io.pinscope.model.ServiceType;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.storage.MapStatistics;
import io.pinscope.model.PinpointTraceState;
import io.pinscope.storage.StatisticsBatch;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns spans into server-map statistics (DESIGN §3), summed in memory per 1-minute slot of the span's
 * start time and written to {@link MapStatistics} as increments by {@link #flush()}.
 *
 * <p>Per span of application {@code app} (type {@code T}, agent {@code g}):
 * <ul>
 *   <li>an <b>entry span</b> ({@link StoredSpan#isEntry()}) adds its elapsed time and error to the self
 *       histogram {@code (app, T, g)};
 *   <li>a <b>root</b> entry span, unless it is a messaging CONSUMER, is called by the application's USER
 *       node: link {@code (app, USER) → (app, T)}, host {@code ""};
 *   <li>a CONSUMER span with {@code messaging.system} is called by its queue node: link
 *       {@code (destination, queue type) → (app, T)}, host = the broker address or {@code ""};
 *   <li>a CLIENT span with {@code db.system(.name)} calls a database or cache node at once (no pairing),
 *       named {@code db.namespace} ▸ {@code db.name} ▸ {@code server.address[:port]}, typed by
 *       {@link ServiceTypeRegistry#forDbSystem}; the histogram uses that type's bands (FAST for caches);
 *   <li>a PRODUCER (or CLIENT) span with {@code messaging.system} calls its queue node;
 *   <li>any other CLIENT (or PRODUCER) span calls something that may be instrumented, and any other non-root
 *       entry span that is not a CLIENT or PRODUCER (a SERVER span, a CONSUMER without
 *       {@code messaging.system}, an INTERNAL span with a remote parent) was called by something, unless its
 *       flags say the parent is in the same process. The two halves
 *       of one call are <b>paired</b> on (trace id, client span id) = (trace id, server parent span id), in
 *       either arrival order, within {@link StatisticsConfig#pairingWindow()}: the pair is one link
 *       {@code client app → server app} with the client's elapsed time and error, host = the client's
 *       target, plus the host-map entry {@code (client app, host) → server app}.
 *   <li>A CLIENT half resolved alone (its window passed, it was evicted for memory, or pairing is off)
 *       links to an external-host node ({@link ServiceTypeRegistry#OPENTELEMETRY_CLIENT}) named
 *       {@code service.peer.name} ▸ {@code peer.service} ▸ {@code server.address[:port]} ▸ the URL's
 *       host[:port] ▸ {@code "unknown"}, host = its target.
 *   <li>A SERVER half resolved alone links from the caller its {@code pp} trace-state entry names (with the
 *       server's elapsed time and error, plus the host-map entry {@code (caller, host) → app}); when nothing
 *       names the caller it makes no link, only the host-map entry {@code ("", host) → app} ("some caller
 *       reached {@code app} at {@code host}"), for the query side's host-map resolution.
 * </ul>
 * Every link-producing span makes exactly one link increment, and every entry span one self increment.
 * A SERVER span named by {@code pp} and paired is counted once, through the pair: the pair is preferred
 * because {@code tracestate} passes unchanged through services without the extension, so {@code pp} may
 * name an earlier caller. The caller type of a {@code pp} link is the type that caller's own spans
 * arrived with, else the entry's {@code type} sub-key, else {@code OPENTELEMETRY_SERVER}.
 *
 * <p>Limits of ingest-time pairing, by design: a half arriving after its partner has been resolved alone
 * is resolved alone too, and so are both halves when they reach different receivers or when pairing is
 * off: a call whose server span names its caller through {@code pp} then counts on two links, {@code A →
 * host} and {@code A → B} (and twice on {@code A → B} once the host map resolves {@code A → host}). A
 * half that arrives twice under one key (a retried batch) resolves the older one alone. Statistics are
 * at-least-once, like the storage writes they end in.
 *
 * <p>Thread-safe: {@link #accept} reads the spans' attributes without a lock, then takes one short lock
 * per call, never blocked by storage; {@link #flush()} swaps the summed cells out under that lock and
 * writes them outside it. A failed write keeps its cells for the next flush, merged with the new ones, up
 * to {@value #DEFAULT_MAX_RETAINED_CELLS} cells (see {@link Snapshot}); past that, whole slots are dropped
 * oldest first, counted in {@link Snapshot#droppedCells()} and logged.
 */
public final class StatisticsAggregator implements AutoCloseable {
  /** How many cells (self, link and host-map values) failed writes may keep for the next flush. */
  public static final int DEFAULT_MAX_RETAINED_CELLS = 200_000;

  /** How many application types are remembered for naming {@code pp} callers. */
  static final int MAX_REMEMBERED_APPLICATIONS = 10_000;

  private static final Logger logger = LoggerFactory.getLogger(StatisticsAggregator.class);

  /**
   * Self-observability counters, read at one moment.
   *
   * @param pendingPairs CLIENT and SERVER spans waiting for their other half now
   * @param pairs calls whose two halves met
   * @param expiredUnpaired halves resolved alone because their window passed, because another span of the
   *     same side arrived under their key (a retry), or at {@link #close()}
   * @param evictedForMemory halves resolved alone early because {@link StatisticsConfig#maxPendingPairs()}
   *     was reached (never dropped)
   * @param linksWritten link values (one histogram per slot and link) in successful writes
   * @param flushes flushes that ended without a storage failure, including those with nothing to write
   * @param failedFlushes flushes whose write failed; their cells were kept for the next flush
   * @param lastFlushDuration how long the last flush took, write included
   * @param retainedCells cells kept from failed writes, waiting for the next flush
   * @param droppedCells cells dropped because failed writes kept more than the retention bound
   */
  public record Snapshot(int pendingPairs, long pairs, long expiredUnpaired, long evictedForMemory,
      long linksWritten, long flushes, long failedFlushes, Duration lastFlushDuration, int retainedCells,
      long droppedCells) {
    public Snapshot {
      requireNonNull(lastFlushDuration, "lastFlushDuration");
    }
  }

  private final MapStatistics sink;
  private final Clock clock;
  private final long windowMillis;
  private final int maxPendingPairs;
  private final int maxRetainedCells;
  private final ConcurrentHashMap<String, Integer> applicationTypes = new ConcurrentHashMap<>();

  private final Object lock = new Object();
  // Guarded by lock (closed is also read without it, to fail fast).
  private Aggregation current = new Aggregation();
  private final LinkedHashMap<PairKey, Waiting> waiting = new LinkedHashMap<>();
  private volatile boolean closed;
  private long pairs;
  private long expiredUnpaired;
  private long evictedForMemory;

  private final Object flushLock = new Object();
  // Guarded by flushLock; the volatile ones are also read by snapshot() without it.
  private @Nullable Aggregation retained;
  private boolean failing;
  private volatile int retainedCells;
  private volatile long linksWritten;
  private volatile long flushes;
  private volatile long failedFlushes;
  private volatile long droppedCells;
  private volatile long lastFlushNanos;

  /**
   * An aggregator writing to {@code sink}; {@code clock} times the pairing window (tests inject one).
   */
  public StatisticsAggregator(MapStatistics sink, StatisticsConfig config, Clock clock) {
    this(sink, config, clock, DEFAULT_MAX_RETAINED_CELLS);
  }

  StatisticsAggregator(MapStatistics sink, StatisticsConfig config, Clock clock, int maxRetainedCells) {
    this.sink = requireNonNull(sink, "sink");
    requireNonNull(config, "config");
    this.clock = requireNonNull(clock, "clock");
    this.windowMillis = config.pairingWindow().toMillis();
    this.maxPendingPairs = config.maxPendingPairs();
    if (maxRetainedCells < 0) {
      throw new IllegalArgumentException("maxRetainedCells: " + maxRetainedCells + " (expected: >= 0)");
    }
    this.maxRetainedCells = maxRetainedCells;
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
    List<Fact> facts = new ArrayList<>(spans.size() + 4);
    @Nullable String remembered = null;
    for (StoredSpan span : spans) {
      requireNonNull(span, "span");
      if (!span.applicationName().equals(remembered)) {
        remembered = span.applicationName();
        remember(remembered, applicationType);
      }
      classify(applicationType, span, facts);
    }
    synchronized (lock) {
      checkOpen();
      long now = clock.millis(); // Read under the lock, so that the pairing table stays in arrival order.
      for (Fact f : facts) {
        apply(f, now);
      }
    }
  }

  /**
   * Resolves alone every waiting half that has waited at least the pairing window, then writes everything
   * aggregated so far (plus what earlier failed writes kept) as one {@link StatisticsBatch}. Meant to be
   * called every second by one scheduler thread; concurrent calls run one after the other. A storage
   * failure is not thrown: it is logged, counted, and the cells are kept for the next flush.
   */
  public void flush() {
    synchronized (flushLock) {
      long start = System.nanoTime();
      Aggregation taken;
      synchronized (lock) {
        expire(clock.millis());
        taken = current;
        current = new Aggregation();
      }
      Aggregation toWrite = taken;
      Aggregation kept = retained;
      if (kept != null) {
        kept.addAll(taken);
        toWrite = kept;
        retained = null;
      }
      boolean written = false;
      try {
        if (!toWrite.isEmpty()) {
          sink.write(toWrite.toBatch());
        }
        written = true;
      } catch (RuntimeException e) {
        failedFlushes++;
        if (!failing) {
          logger.warn("Writing server-map statistics failed; {} cells kept for the next flush",
              toWrite.cells(), e);
        } else {
          logger.debug("Writing server-map statistics failed again", e);
        }
        failing = true;
      } finally {
        if (written) {
          linksWritten += toWrite.linkCells();
          flushes++;
          retainedCells = 0;
          if (failing) {
            logger.info("Writing server-map statistics works again");
            failing = false;
          }
        } else {
          retain(toWrite);
        }
        lastFlushNanos = System.nanoTime() - start;
      }
    }
  }

  /**
   * Resolves every waiting half alone (counted as expired unpaired) and flushes; {@link #accept} fails from
   * then on. Idempotent; a later {@link #flush()} (or {@code close()}) retries what a failed final write
   * kept.
   */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      for (Waiting w : waiting.values()) {
        resolveAlone(w.half());
        expiredUnpaired++;
      }
      waiting.clear();
    }
    flush();
  }

  /** The counters now. */
  public Snapshot snapshot() {
    int pending;
    long paired;
    long expired;
    long evicted;
    synchronized (lock) {
      pending = waiting.size();
      paired = pairs;
      expired = expiredUnpaired;
      evicted = evictedForMemory;
    }
    return new Snapshot(pending, paired, expired, evicted, linksWritten, flushes, failedFlushes,
        Duration.ofNanos(lastFlushNanos), retainedCells, droppedCells);
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

  // ---- Classification: attributes are read here, outside the lock.

  /** What one span contributes, before the lock is taken. */
  private sealed interface Fact permits SelfFact, LinkFact, Half {}

  private record SelfFact(long slotMillis, SelfKey key, HistogramSchema schema, long elapsedMillis,
      boolean error) implements Fact {}

  private record LinkFact(long slotMillis, LinkKey key, HistogramSchema schema, long elapsedMillis,
      boolean error) implements Fact {}

  /** The pairing key: the client span's own id, which is the server span's parent id. */
  private record PairKey(TraceId traceId, long spanId) {}

  /** One side of a call that may be paired. */
  private sealed interface Half extends Fact permits ClientHalf, ServerHalf {
    PairKey key();
  }

  private record ClientHalf(PairKey key, String application, int typeCode, long slotMillis,
      long elapsedMillis, boolean error, String host, String externalName) implements Half {}

  /** A half in the pairing table, in arrival order. */
  private record Waiting(Half half, long arrivalMillis) {}

  private record ServerHalf(PairKey key, String application, ServiceType type, long slotMillis,
      long elapsedMillis, boolean error, String host, @Nullable String ppCaller, @Nullable String ppType)
      implements Half {}

  private static void classify(ServiceType type, StoredSpan span, List<Fact> facts) {
    String app = span.applicationName();
    Attributes a = span.attributes();
    long slot = SlotValue.slotOf(span.startEpochMillis());
    long elapsed = span.durationNanos() / 1_000_000L;
    boolean error = span.isError();
    SpanKind kind = span.kind();
    String messaging = kind == SpanKind.CLIENT || kind.isEntryKind() || kind == SpanKind.PRODUCER
        ? Semconv.messagingSystem(a) : null;

    if (span.isEntry()) {
      facts.add(new SelfFact(slot, new SelfKey(app, type.code(), span.agentId()), type.histogramSchema(),
          elapsed, error));
      if (span.isRoot() && !(kind == SpanKind.CONSUMER && messaging != null)) {
        facts.add(new LinkFact(slot,
            new LinkKey(app, ServiceTypeRegistry.USER.code(), app, type.code(), ""),
            type.histogramSchema(), elapsed, error));
      }
    }

    if (kind == SpanKind.CONSUMER && messaging != null) {
      ServiceType queue = ServiceTypeRegistry.forMessagingSystem(messaging);
      facts.add(new LinkFact(slot, new LinkKey(Semconv.destinationName(a, messaging), queue.code(), app,
          type.code(), Semconv.clientTarget(a)), type.histogramSchema(), elapsed, error));
    } else if (kind.isOutgoing()) {
      String db = kind == SpanKind.CLIENT ? Semconv.dbSystem(a) : null;
      if (db != null) {
        ServiceType database = ServiceTypeRegistry.forDbSystem(db);
        facts.add(new LinkFact(slot, new LinkKey(app, type.code(), Semconv.databaseName(a, db),
            database.code(), Semconv.clientTarget(a)), database.histogramSchema(), elapsed, error));
      } else if (messaging != null) {
        ServiceType queue = ServiceTypeRegistry.forMessagingSystem(messaging);
        facts.add(new LinkFact(slot, new LinkKey(app, type.code(), Semconv.destinationName(a, messaging),
            queue.code(), Semconv.clientTarget(a)), queue.histogramSchema(), elapsed, error));
      } else {
        facts.add(new ClientHalf(new PairKey(span.traceId(), span.spanId()), app, type.code(), slot,
            elapsed, error, Semconv.clientTarget(a), Semconv.externalName(a)));
      }
    } else if (span.isEntry() && !span.isRoot() && !hasLocalParent(span)) {
      String ts = span.traceState();
      facts.add(new ServerHalf(new PairKey(span.traceId(), span.parentSpanId()), app, type, slot, elapsed,
          error, Semconv.serverHost(a), PinpointTraceState.subKey(ts, "app"),
          PinpointTraceState.subKey(ts, "type")));
    }
  }

  /** The flags say the parent is in this process: no remote caller to link from. */
  private static boolean hasLocalParent(StoredSpan span) {
    return (span.flags() & StoredSpan.FLAG_HAS_IS_REMOTE) != 0 && !span.hasRemoteParent();
  }

  // ---- Application: everything below runs under the lock.

  private void apply(Fact fact, long now) {
    if (fact instanceof SelfFact s) {
      current.addSelf(s.slotMillis(), s.key(), s.schema(), s.elapsedMillis(), s.error());
    } else if (fact instanceof LinkFact l) {
      current.addLink(l.slotMillis(), l.key(), l.schema(), l.elapsedMillis(), l.error());
    } else if (windowMillis == 0) {
      resolveAlone((Half) fact);
    } else {
      offer((Half) fact, now);
    }
  }

  private void offer(Half half, long now) {
    Waiting existing = waiting.remove(half.key());
    if (existing != null) {
      if (existing.half() instanceof ClientHalf c && half instanceof ServerHalf s) {
        resolvePair(c, s);
        return;
      } else if (existing.half() instanceof ServerHalf s && half instanceof ClientHalf c) {
        resolvePair(c, s);
        return;
      }
      // The same side again under one key (a retried batch): the older one is resolved alone.
      resolveAlone(existing.half());
      expiredUnpaired++;
    }
    if (waiting.size() >= maxPendingPairs) {
      Iterator<Waiting> oldest = waiting.values().iterator();
      Waiting evicted = oldest.next();
      oldest.remove();
      resolveAlone(evicted.half());
      evictedForMemory++;
    }
    waiting.put(half.key(), new Waiting(half, now));
  }

  /** Resolves alone, oldest first, every half that has waited at least the window. */
  private void expire(long now) {
    Iterator<Waiting> it = waiting.values().iterator();
    while (it.hasNext()) {
      Waiting w = it.next();
      if (now - w.arrivalMillis() < windowMillis) {
        break; // Arrival order: the rest are younger.
      }
      it.remove();
      resolveAlone(w.half());
      expiredUnpaired++;
    }
  }

  private void resolvePair(ClientHalf c, ServerHalf s) {
    pairs++;
    String host = c.host().isEmpty() ? s.host() : c.host();
    current.addLink(c.slotMillis(),
        new LinkKey(c.application(), c.typeCode(), s.application(), s.type().code(), host),
        s.type().histogramSchema(), c.elapsedMillis(), c.error());
    if (!host.isEmpty()) {
      current.addHostMapping(c.slotMillis(),
          new HostMapping(c.application(), host, s.application(), s.type().code()));
    }
  }

  private void resolveAlone(Half half) {
    if (half instanceof ClientHalf c) {
      current.addLink(c.slotMillis(), new LinkKey(c.application(), c.typeCode(), c.externalName(),
              ServiceTypeRegistry.OPENTELEMETRY_CLIENT.code(), c.host()),
          ServiceTypeRegistry.OPENTELEMETRY_CLIENT.histogramSchema(), c.elapsedMillis(), c.error());
    } else if (half instanceof ServerHalf s) {
      String caller = s.ppCaller();
      if (caller != null) {
        current.addLink(s.slotMillis(), new LinkKey(caller, callerTypeCode(caller, s.ppType()),
                s.application(), s.type().code(), s.host()),
            s.type().histogramSchema(), s.elapsedMillis(), s.error());
      }
      if (!s.host().isEmpty()) {
        current.addHostMapping(s.slotMillis(),
            new HostMapping(caller == null ? "" : caller, s.host(), s.application(), s.type().code()));
      }
    }
  }

  /**
   * The type of a caller named by {@code pp}: the type its own spans arrived with, else the entry's
   * {@code type} when it is an application type (or a code we don't know, such as a Pinpoint agent's),
   * else {@code OPENTELEMETRY_SERVER}.
   */
  private int callerTypeCode(String caller, @Nullable String ppType) {
    Integer known = applicationTypes.get(caller);
    if (known != null) {
      return known;
    }
    if (ppType != null) {
      try {
        int code = Integer.parseInt(ppType);
        ServiceType t = ServiceTypeRegistry.ofCode(code);
        if (t.code() != code || t.category() == NodeCategory.SERVER) {
          return code;
        }
      } catch (NumberFormatException e) {
        // Not a code: fall through.
      }
    }
    return ServiceTypeRegistry.OPENTELEMETRY_SERVER.code();
  }

  // ---- Failed writes.

  private void retain(Aggregation unwritten) {
    int dropped = unwritten.dropOldestSlots(maxRetainedCells);
    if (dropped > 0) {
      droppedCells += dropped;
      logger.warn("Dropped {} server-map statistics cells of the oldest slots: storage has been failing and "
          + "at most {} cells are kept", dropped, maxRetainedCells);
    }
    retained = unwritten;
    retainedCells = unwritten.cells();
  }
}
