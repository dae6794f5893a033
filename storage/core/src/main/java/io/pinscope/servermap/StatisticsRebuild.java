package io.pinscope.servermap;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.DbStatements;
import io.pinscope.model.Histogram;
import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.ScatterDot;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SqlKey;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.model.UriKey;
import io.pinscope.model.UriRoutes;
import io.pinscope.storage.ApplicationRegistry;
import io.pinscope.storage.MapStatistics;
import io.pinscope.storage.ScatterIndex;
import io.pinscope.storage.ScatterIndex.ScatterPage;
import io.pinscope.storage.StatisticsBatch;
import io.pinscope.storage.Storage;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Rebuilds the server-map statistics of a time range from the stored traces, through the rules the receiver
 * applies at ingest ({@link TraceMap}): so a crash between two statistics flushes, or a change of the rules,
 * loses nothing that the traces still hold (DESIGN §5).
 *
 * <p>The range is widened to whole 1-minute slots. Traces are found through the scatter index: every trace
 * with an entry span starting in the range or up to {@value #TRACE_LOOKBACK_MINUTES} minutes (or
 * {@link #withLookback}) before it (so
 * the spans in range of a request that started earlier count too; a request that ran longer is missed).
 * A span counts in the slot of its start, as at ingest; a call, in its client's.
 *
 * <p>With an application, only the statistics its own spans decide are rebuilt: its self histograms, every
 * link it is the caller of (its calls out, and its USER and unknown-caller links), the links into it from
 * callers that send no spans of their own (queues, Pinpoint agents named by {@code pp}), and the host-map
 * entries it recorded as caller or as the acceptor of such callers. A call from another instrumented
 * application belongs to that application's statistics (rebuild it, or the whole range, to restore those).
 *
 * <p>The URI and SQL statistics of the range are rebuilt too (with an application, its own), through the same
 * keys as at ingest ({@link MapContributions#routeOf}, {@link MapContributions#statementOf}) and bounded by
 * {@link KeyCaps}: per application, the keys already stored in the range are kept; when no {@code other} is
 * stored there (ingest did not reach the cap), the busiest others too, up to the cap; the rest count under
 * {@code other}, as at ingest.
 *
 * <p>{@link #run} removes the stored cells it replaces and writes the rebuilt ones in one write. Run it on a
 * range that no receiver is writing to any more (with the embedded store, the server must be stopped
 * anyway); an increment written concurrently into a replaced cell is lost.
 */
public final class StatisticsRebuild {
  /** How far before the range the scatter index is searched for traces with spans in the range. */
  public static final int TRACE_LOOKBACK_MINUTES = 10;

  /** Progress of {@link #compute}: traces and spans read so far. */
  @FunctionalInterface
  public interface Progress {
    void read(int traces, long spans);
  }

  /**
   * What a rebuild did.
   *
   * @param removedCells stored cells removed (self, link and host-map values; a link counts once)
   * @param writtenCells rebuilt cells written
   */
  public record Result(long fromMillis, long toMillis, int traces, long spans, int removedCells,
      int writtenCells) {}

  /**
   * The most distinct routes and statements one application keeps in the rebuilt URI and SQL statistics (the
   * receiver's {@code --max-routes-per-application} and {@code --max-statements-per-application}).
   */
  public record KeyCaps(int routesPerApplication, int statementsPerApplication) {
    /** No cap: every key kept. */
    public static final KeyCaps UNBOUNDED = new KeyCaps(Integer.MAX_VALUE, Integer.MAX_VALUE);

    public KeyCaps {
      if (routesPerApplication < 1) {
        throw new IllegalArgumentException("routesPerApplication: " + routesPerApplication + " (expected: >= 1)");
      }
      if (statementsPerApplication < 1) {
        throw new IllegalArgumentException("statementsPerApplication: " + statementsPerApplication
            + " (expected: >= 1)");
      }
    }
  }

  private final Storage storage;
  private final long from;
  private final long to;
  private final @Nullable String application;
  private final KeyCaps caps;
  private final int lookbackMinutes;
  private final Map<String, Integer> types = new HashMap<>();
  private int traces;
  private long spans;

  private StatisticsRebuild(Storage storage, long from, long to, @Nullable String application, KeyCaps caps,
      int lookbackMinutes) {
    this.storage = storage;
    this.from = from;
    this.to = to;
    this.application = application;
    this.caps = caps;
    this.lookbackMinutes = lookbackMinutes;
    for (ApplicationRegistry.Application a : storage.applications().applications()) {
      types.put(a.name(), a.serviceType().code());
    }
  }

  /**
   * A rebuild of {@code [fromMillis, toMillis)}, widened to whole slots, for every application or only for
   * {@code application}.
   *
   * @throws IllegalArgumentException when the range is empty
   */
  public static StatisticsRebuild of(Storage storage, long fromMillis, long toMillis, @Nullable String application) {
    return of(storage, fromMillis, toMillis, application, KeyCaps.UNBOUNDED);
  }

  /**
   * As {@link #of(Storage, long, long, String)}, keeping at most {@code caps} routes and statements per
   * application.
   */
  public static StatisticsRebuild of(Storage storage, long fromMillis, long toMillis, @Nullable String application,
      KeyCaps caps) {
    requireNonNull(storage, "storage");
    requireNonNull(caps, "caps");
    if (toMillis <= fromMillis) {
      throw new IllegalArgumentException("to: " + toMillis + " (expected: after from " + fromMillis + ")");
    }
    long from = SlotValue.slotOf(fromMillis);
    long to = SlotValue.slotOf(toMillis - 1) + SlotValue.SLOT_MILLIS;
    return new StatisticsRebuild(storage, from, to, application, caps, TRACE_LOOKBACK_MINUTES);
  }

  /**
   * This rebuild, finding traces through entry spans that started up to {@code minutes} before the range instead
   * of {@value #TRACE_LOOKBACK_MINUTES}: fewer traces to read, and the spans in range of requests that started
   * earlier are missed (their cells rebuilt without them). For a recent range of short requests, such as the
   * minutes a crash may have lost.
   *
   * @throws IllegalArgumentException when {@code minutes} is negative
   */
  public StatisticsRebuild withLookback(int minutes) {
    if (minutes < 0) {
      throw new IllegalArgumentException("lookback minutes: " + minutes + " (expected: >= 0)");
    }
    return new StatisticsRebuild(storage, from, to, application, caps, minutes);
  }

  /** The start of the first slot rebuilt. */
  public long fromMillis() {
    return from;
  }

  /** The end of the last slot rebuilt (exclusive). */
  public long toMillis() {
    return to;
  }

  /** The statistics the stored traces give for the range (and the application, if any). */
  public StatisticsAccumulator compute(Progress progress) {
    requireNonNull(progress, "progress");
    StatisticsAccumulator out = new StatisticsAccumulator();
    MapSink sink = new RangeFilter(out);
    Set<TraceId> seen = new HashSet<>();
    List<String> apps = application != null ? List.of(application) : List.copyOf(types.keySet());
    long lookback = lookbackMinutes * SlotValue.SLOT_MILLIS;
    for (String app : apps) {
      String cursor = null;
      ScatterPage page;
      do {
        page = storage.scatter().scan(new ScatterIndex.ScatterQuery(app, from - lookback, to, ScatterIndex.MAX_LIMIT,
            cursor));
        for (ScatterDot dot : page.dots()) {
          if (seen.add(dot.traceId())) {
            List<StoredSpan> trace = storage.traces().find(dot.traceId()).spans();
            TraceMap.contribute(trace, types::get, sink);
            countKeys(trace, out);
            traces++;
            spans += trace.size();
            progress.read(traces, spans);
          }
        }
        cursor = page.next();
      } while (!page.complete());
    }
    capKeys(out);
    return out;
  }

  /** Counts the trace's spans in range (with an application, its own) under their routes and statements. */
  private void countKeys(List<StoredSpan> trace, StatisticsAccumulator out) {
    for (StoredSpan span : trace) {
      long slot = SlotValue.slotOf(span.startEpochMillis());
      if (slot < from || slot >= to || (application != null && !application.equals(span.applicationName()))) {
        continue;
      }
      long elapsed = span.durationNanos() / 1_000_000L;
      UriKey route = MapContributions.routeOf(span);
      if (route != null) {
        out.uri(slot, route, elapsed, span.isError());
      }
      SqlKey statement = MapContributions.statementOf(span);
      if (statement != null) {
        out.sql(slot, statement, elapsed, span.isError());
      }
    }
  }

  /** Folds the routes and statements past each application's cap into {@code other}. */
  private void capKeys(StatisticsAccumulator out) {
    StatisticsBatch counted = out.toBatch();
    MapStatistics stats = storage.statistics();
    Map<String, Set<UriKey>> routes = admitted(counted.uris(), UriKey::applicationName,
        app -> stats.readUris(app, from, to), k -> k.route().equals(UriRoutes.OTHER), caps.routesPerApplication());
    Map<String, Set<SqlKey>> statements = admitted(counted.sqls(), SqlKey::applicationName,
        app -> stats.readSqls(app, from, to), k -> k.statement().equals(DbStatements.OTHER),
        caps.statementsPerApplication());
    out.rekey(k -> routes.get(k.applicationName()).contains(k) ? k : new UriKey(k.applicationName(), UriRoutes.OTHER),
        k -> statements.get(k.applicationName()).contains(k) ? k
            : new SqlKey(k.applicationName(), k.dbSystem(), k.database(), DbStatements.OTHER));
  }

  /**
   * Per application, the keys it keeps: those stored in the range; then, unless an {@code other} key is stored
   * there (ingest had reached its cap, so it folded every new key), the busiest, then by name; at most
   * {@code cap}.
   */
  private static <K> Map<String, Set<K>> admitted(List<SlotValue<K>> cells, Function<K, String> applicationOf,
      Function<String, List<SlotValue<K>>> stored, Predicate<K> isOther, int cap) {
    Map<String, Map<K, Long>> totals = new HashMap<>();
    for (SlotValue<K> c : cells) {
      totals.computeIfAbsent(applicationOf.apply(c.key()), a -> new HashMap<>())
          .merge(c.key(), c.histogram().totalCount(), Long::sum);
    }
    Map<String, Set<K>> out = new HashMap<>();
    totals.forEach((app, byKey) -> {
      Set<K> before = new HashSet<>();
      stored.apply(app).forEach(v -> before.add(v.key()));
      boolean capReached = before.stream().anyMatch(isOther);
      Set<K> kept = new LinkedHashSet<>();
      byKey.keySet().stream()
          .filter(isOther.negate())
          .filter(k -> !capReached || before.contains(k))
          .sorted(Comparator.<K, Boolean>comparing(k -> !before.contains(k))
              .thenComparing(k -> -byKey.get(k))
              .thenComparing(String::valueOf))
          .limit(cap)
          .forEach(kept::add);
      out.put(app, kept);
    });
    return out;
  }

  /** The statistics stored for the range that a rebuild replaces, each cell once. */
  public StatisticsBatch stored() {
    Cells cells = new Cells();
    MapStatistics stats = storage.statistics();
    if (application == null) {
      ArrayDeque<String> queue = new ArrayDeque<>(types.keySet());
      queue.add("");
      Set<String> visited = new HashSet<>();
      while (!queue.isEmpty()) {
        String name = queue.poll();
        if (!visited.add(name)) {
          continue;
        }
        stats.readSelf(name, from, to).forEach(cells::self);
        stats.readUris(name, from, to).forEach(cells::uri);
        stats.readSqls(name, from, to).forEach(cells::sql);
        for (SlotValue<LinkKey> l : stats.readOutLinks(name, from, to)) {
          cells.link(l);
          queue.add(l.key().calleeName());
        }
        for (SlotValue<LinkKey> l : stats.readInLinks(name, from, to)) {
          cells.link(l);
          queue.add(l.key().callerName());
        }
        stats.readHostMappingSlots(name, from, to).forEach(cells::mapping);
      }
      return cells.toBatch();
    }
    String app = application;
    stats.readSelf(app, from, to).forEach(cells::self);
    stats.readUris(app, from, to).forEach(cells::uri);
    stats.readSqls(app, from, to).forEach(cells::sql);
    stats.readOutLinks(app, from, to).forEach(cells::link);
    Set<String> callersWithoutSpans = new LinkedHashSet<>(List.of(""));
    for (SlotValue<LinkKey> l : stats.readInLinks(app, from, to)) {
      if (!types.containsKey(l.key().callerName())) {
        cells.link(l);
        callersWithoutSpans.add(l.key().callerName());
      }
    }
    stats.readHostMappingSlots(app, from, to).forEach(cells::mapping);
    for (String caller : callersWithoutSpans) {
      for (StatisticsBatch.SlotMapping m : stats.readHostMappingSlots(caller, from, to)) {
        if (m.mapping().acceptorName().equals(app)) {
          cells.mapping(m);
        }
      }
    }
    return cells.toBatch();
  }

  /** Computes, then replaces what is stored for the range with what was computed, in one write. */
  public Result run(Progress progress) {
    StatisticsAccumulator rebuilt = compute(progress);
    StatisticsBatch old = stored();
    storage.statistics().replace(old, rebuilt.toBatch());
    int removed = old.self().size() + old.links().size() + old.hostMappings().size() + old.uris().size()
        + old.sqls().size();
    return new Result(from, to, traces, spans, removed, rebuilt.cells());
  }

  /**
   * The cells in which two statistics differ, one line each ({@code <cell>: <a> | <b>}, a missing cell shown as
   * {@code -}), sorted; empty when they are equal cell by cell. Histograms compare in full (bands, errors,
   * sum and max).
   */
  public static List<String> differences(StatisticsBatch a, StatisticsBatch b) {
    Map<String, String> left = cellsOf(a);
    Map<String, String> right = cellsOf(b);
    Set<String> keys = new TreeSet<>(left.keySet());
    keys.addAll(right.keySet());
    List<String> out = new ArrayList<>();
    for (String k : keys) {
      String x = left.getOrDefault(k, "-");
      String y = right.getOrDefault(k, "-");
      if (!x.equals(y)) {
        out.add(k + ": " + x + " | " + y);
      }
    }
    return out;
  }

  /**
   * The differences between two statistics as the server map shows them: self, route and statement
   * histograms, and links after
   * host-map resolution (each caller's links to external hosts rewritten by its host-map entries and the
   * caller-independent ones, as the map does at query time); one line each, as {@link #differences}.
   * Statistics written with pairing off or by late pairing differ from rebuilt ones cell by cell (an external
   * link plus a host-map entry, where the rebuild pairs the halves), yet not here.
   */
  public static List<String> mapDifferences(StatisticsBatch a, StatisticsBatch b) {
    return differences(resolved(a), resolved(b));
  }

  /** Self, route and statement cells and host-map-resolved link cells; no host-map entries. */
  private static StatisticsBatch resolved(StatisticsBatch batch) {
    Map<String, List<SlotValue<LinkKey>>> byCaller = new HashMap<>();
    batch.links().forEach(l -> byCaller.computeIfAbsent(l.key().callerName(), c -> new ArrayList<>()).add(l));
    Map<String, Set<HostMapping>> mappings = new HashMap<>();
    batch.hostMappings().forEach(m -> mappings.computeIfAbsent(m.mapping().callerName(), c -> new HashSet<>())
        .add(m.mapping()));
    StatisticsBatch out = new StatisticsBatch();
    batch.self().forEach(out::addSelf);
    batch.uris().forEach(out::addUri);
    batch.sqls().forEach(out::addSql);
    byCaller.forEach((caller, links) -> {
      Set<HostMapping> usable = new HashSet<>(mappings.getOrDefault(caller, Set.of()));
      usable.addAll(mappings.getOrDefault("", Set.of()));
      HostMapResolver.resolve(links, usable).forEach(r -> out.addLink(r.link()));
    });
    return out;
  }

  /** Each cell as text, values of one (slot, key) summed. */
  private static Map<String, String> cellsOf(StatisticsBatch batch) {
    Map<String, Histogram> histograms = new HashMap<>();
    for (SlotValue<SelfKey> v : batch.self()) {
      histograms.merge("self " + Instant.ofEpochMilli(v.slotMillis()) + " " + v.key(), v.histogram(),
          Histogram::plus);
    }
    for (SlotValue<LinkKey> v : batch.links()) {
      histograms.merge("link " + Instant.ofEpochMilli(v.slotMillis()) + " " + v.key(), v.histogram(),
          Histogram::plus);
    }
    for (SlotValue<UriKey> v : batch.uris()) {
      histograms.merge("uri " + Instant.ofEpochMilli(v.slotMillis()) + " " + v.key(), v.histogram(),
          Histogram::plus);
    }
    for (SlotValue<SqlKey> v : batch.sqls()) {
      histograms.merge("sql " + Instant.ofEpochMilli(v.slotMillis()) + " " + v.key(), v.histogram(),
          Histogram::plus);
    }
    Map<String, String> out = new HashMap<>();
    histograms.forEach((k, h) -> out.put(k, h.toString()));
    for (StatisticsBatch.SlotMapping m : batch.hostMappings()) {
      out.put("host " + Instant.ofEpochMilli(m.slotMillis()) + " " + m.mapping(), "recorded");
    }
    return out;
  }

  /** A link the application's own spans decide: it is the caller, or the caller sends no spans. */
  private boolean ownsLink(String caller, String callee) {
    return application == null || application.equals(caller)
        || (application.equals(callee) && !types.containsKey(caller));
  }

  /**
   * Passes on what falls in the range, and with an application only what its spans decide. Example trace ids
   * ({@link MapSink#linkExample}) are not passed on: {@link MapStatistics#replace} leaves the stored examples
   * as they are, so a rebuild keeps them (a re-keyed or new row has none until ingest gives it one).
   */
  private final class RangeFilter implements MapSink {
    private final MapSink delegate;

    RangeFilter(MapSink delegate) {
      this.delegate = delegate;
    }

    private boolean inRange(long slotMillis) {
      return slotMillis >= from && slotMillis < to;
    }

    @Override
    public void self(long slotMillis, SelfKey key, long elapsedMillis, boolean error) {
      if (inRange(slotMillis) && (application == null || application.equals(key.applicationName()))) {
        delegate.self(slotMillis, key, elapsedMillis, error);
      }
    }

    @Override
    public void link(long slotMillis, LinkKey key, long elapsedMillis, boolean error) {
      if (inRange(slotMillis) && ownsLink(key.callerName(), key.calleeName())) {
        delegate.link(slotMillis, key, elapsedMillis, error);
      }
    }

    @Override
    public void hostMapping(long slotMillis, HostMapping mapping) {
      if (inRange(slotMillis) && ownsLink(mapping.callerName(), mapping.acceptorName())) {
        delegate.hostMapping(slotMillis, mapping);
      }
    }
  }

  /** Stored cells, each (slot, key) once. */
  private static final class Cells {
    private final Map<List<Object>, SlotValue<SelfKey>> self = new LinkedHashMap<>();
    private final Map<List<Object>, SlotValue<LinkKey>> links = new LinkedHashMap<>();
    private final Set<StatisticsBatch.SlotMapping> mappings = new LinkedHashSet<>();
    private final Map<List<Object>, SlotValue<UriKey>> uris = new LinkedHashMap<>();
    private final Map<List<Object>, SlotValue<SqlKey>> sqls = new LinkedHashMap<>();

    void uri(SlotValue<UriKey> v) {
      uris.putIfAbsent(List.of(v.slotMillis(), v.key()), v);
    }

    void sql(SlotValue<SqlKey> v) {
      sqls.putIfAbsent(List.of(v.slotMillis(), v.key()), v);
    }

    void self(SlotValue<SelfKey> v) {
      self.putIfAbsent(List.of(v.slotMillis(), v.key()), v);
    }

    void link(SlotValue<LinkKey> v) {
      links.putIfAbsent(List.of(v.slotMillis(), v.key()), v);
    }

    void mapping(StatisticsBatch.SlotMapping m) {
      mappings.add(m);
    }

    StatisticsBatch toBatch() {
      StatisticsBatch batch = new StatisticsBatch();
      self.values().forEach(batch::addSelf);
      links.values().forEach(batch::addLink);
      mappings.forEach(m -> batch.addHostMapping(m.slotMillis(), m.mapping()));
      uris.values().forEach(batch::addUri);
      sqls.values().forEach(batch::addSql);
      return batch;
    }
  }
}
