package io.pinscope.storage;

import io.pinscope.model.StoredSpan;
import io.pinscope.storage.spi.Longs;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code span_origins} table: each {@link SpanOrigin} once, under its id, for the span values that refer to
 * it. Thread-safe.
 *
 * <p>New origins' rows are written, in a write of their own, before the spans that refer to them, so no engine
 * (HBase writes a batch's tables separately) ever holds or shows a span whose origin is not there yet. A row
 * is written again by the first write that needs it once {@link #REFRESH} has passed, and kept for the traces'
 * retention plus twice that ({@link #ttl}): every span is written at most {@link #REFRESH} after its origin
 * was, so the origin outlives it, whatever retention the store had when either was written. Both caches hold
 * at most {@value #MAX_CACHED} origins, then start over (a forgotten origin costs one more write or read).
 */
final class SpanOrigins {
  /** The id that means "no row: the origin is inline" ({@link SpanCodec}'s first version). */
  static final long NONE = 0;
  /** How long a written origin row is taken as there, by the process that wrote it. */
  static final Duration REFRESH = Duration.ofDays(1);

  private static final String FAMILY = "o";
  private static final byte[] NO_QUALIFIER = new byte[0];
  private static final int MAX_CACHED = 1 << 16;
  private static final System.Logger logger = System.getLogger(SpanOrigins.class.getName());

  private final WideColumnStore store;
  private final Clock clock;
  /** When this process last wrote each origin's row (epoch ms, taken before the write). */
  private final Map<Long, Long> written = new ConcurrentHashMap<>();
  private final Map<Long, SpanOrigin> known = new ConcurrentHashMap<>();

  SpanOrigins(WideColumnStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * The table's time to live for traces kept {@code tracesRetention}: that plus twice {@link #REFRESH}; zero
   * (forever) stays zero, and a retention too long to add to is forever too.
   */
  static Duration ttl(Duration tracesRetention) {
    if (tracesRetention.isZero()) {
      return Duration.ZERO;
    }
    try {
      return tracesRetention.plus(REFRESH.multipliedBy(2));
    } catch (ArithmeticException tooLong) {
      return Duration.ZERO;
    }
  }

  /** Gives ids to the spans of one write; {@link Assigner#writeNewOrigins} before the spans are written. */
  Assigner assigner() {
    return new Assigner();
  }

  /**
   * The origin with {@code id}; {@link SpanOrigin#UNKNOWN} (and one warning) when its row is missing, which
   * data restored without its {@code span_origins} table would show.
   */
  SpanOrigin resolve(long id) {
    SpanOrigin origin = known.get(id);
    if (origin != null) {
      return origin;
    }
    byte[] value = store.get(Storage.SPAN_ORIGINS, FAMILY, Longs.toBytes(id), NO_QUALIFIER);
    if (value == null) {
      logger.log(System.Logger.Level.WARNING, "No span origin " + Long.toHexString(id)
          + ": spans that refer to it are read without application, agent and scope");
      written.remove(id); // a writer that meets the origin again writes its row again
      origin = SpanOrigin.UNKNOWN;
    } else {
      origin = SpanOrigin.read(value);
    }
    remember(known, id, origin);
    return origin;
  }

  private static <V> void remember(Map<Long, V> cache, long id, V value) {
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(id, value);
  }

  /**
   * The origin ids of one write's spans. Spans of one scope of one request share their scope, application and
   * agent instances, so a few reference comparisons find a span's id; only an origin not met yet in this write
   * is encoded and hashed. Not thread-safe: one per write.
   */
  final class Assigner {
    private static final int MEMO = 16;

    private final StoredSpan[] memoSpans = new StoredSpan[MEMO];
    private final long[] memoIds = new long[MEMO];
    private int memoSize;
    private int memoNext;
    /** The origins this write has to write first, and their rows' values, by id. */
    private final Map<Long, NewOrigin> newOrigins = new LinkedHashMap<>(4);
    private final long now = clock.millis();

    private Assigner() {}

    /** The id of {@code span}'s origin; {@link #NONE} to write it inline. */
    long idOf(StoredSpan span) {
      for (int i = 0; i < memoSize; i++) {
        StoredSpan m = memoSpans[i];
        if (m.scope() == span.scope() && m.applicationName() == span.applicationName()
            && m.agentId() == span.agentId()) {
          return memoIds[i];
        }
      }
      // Receivers that build each span's strings anew: equal values, compared before encoding and hashing.
      for (int i = 0; i < memoSize; i++) {
        StoredSpan m = memoSpans[i];
        if (m.applicationName().equals(span.applicationName()) && m.agentId().equals(span.agentId())
            && m.scope().equals(span.scope())) {
          return memoIds[i];
        }
      }
      long id = lookUp(SpanOrigin.of(span));
      memoSpans[memoNext] = span;
      memoIds[memoNext] = id;
      memoNext = (memoNext + 1) % MEMO;
      memoSize = Math.max(memoSize, memoNext == 0 ? MEMO : memoNext);
      return id;
    }

    private long lookUp(SpanOrigin origin) {
      byte[] value = origin.toBytes();
      long id = SpanOrigin.idOf(value);
      if (id == NONE) {
        return NONE;
      }
      Long at = written.get(id);
      if (at == null || now - at >= REFRESH.toMillis()) {
        newOrigins.put(id, new NewOrigin(origin, value));
      }
      return id;
    }

    /**
     * Writes the rows of the origins this write's spans are the first (in this process, or since
     * {@link #REFRESH}) to refer to, and records them as written; call before writing the spans.
     */
    void writeNewOrigins() {
      if (newOrigins.isEmpty()) {
        return;
      }
      WriteBatch batch = new WriteBatch();
      newOrigins.forEach(
          (id, o) -> batch.put(Storage.SPAN_ORIGINS, FAMILY, Longs.toBytes(id), NO_QUALIFIER, o.value()));
      store.write(batch);
      newOrigins.forEach((id, o) -> {
        remember(written, id, now);
        remember(known, id, o.origin());
      });
    }
  }

  private record NewOrigin(SpanOrigin origin, byte[] value) {}
}
