package io.pinscope.servermap;

import io.pinscope.model.HistogramSchema;
import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SqlKey;
import io.pinscope.model.TraceId;
import io.pinscope.model.UriKey;
import io.pinscope.storage.StatisticsBatch;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Map statistics summed in memory: one histogram per (slot, self key) and per (slot, link key), and the set
 * of host-map entries per slot; and, beside the map, one histogram per (slot, application route) — the URI
 * statistics ({@link #uri}) — and per (slot, application statement) — the SQL statistics ({@link #sql}). A
 * <em>cell</em> is one of those (the unit of memory bounds). The map rules write into it as their
 * {@link MapSink}; {@link #toBatch()} gives the increments to write. The receiver's aggregator sums between
 * flushes with it, the statistics rebuild and the benchmarks sum whole ranges. Beside the cells it keeps
 * example transactions ({@link StatisticsExamples}). Not thread-safe.
 */
public final class StatisticsAccumulator implements MapSink {
  /**
   * The cap of a per-application statistic, asked for each route or statement cell {@link #merge} adds.
   *
   * @param <K> a route or statement key
   */
  @FunctionalInterface
  public interface Admission<K> {
    /**
     * The key {@code calls} calls of {@code key} count under (the key itself, or the one it is folded into);
     * asked again for a key with 0 calls, it must answer as before.
     */
    K admit(K key, long calls);
  }

  private final Map<Slotted<SelfKey>, HistogramAccumulator> self = new HashMap<>();
  private final Map<Slotted<LinkKey>, HistogramAccumulator> links = new HashMap<>();
  private final Set<Slotted<HostMapping>> hostMappings = new HashSet<>();
  private final Map<Slotted<UriKey>, HistogramAccumulator> uris;
  private final Map<Slotted<SqlKey>, HistogramAccumulator> sqls;
  private final StatisticsExamples examples;
  private final boolean inArrivalOrder;

  /** An empty accumulator. */
  public StatisticsAccumulator() {
    this(false);
  }

  private StatisticsAccumulator(boolean inArrivalOrder) {
    this.inArrivalOrder = inArrivalOrder;
    this.uris = inArrivalOrder ? new LinkedHashMap<>() : new HashMap<>();
    this.sqls = inArrivalOrder ? new LinkedHashMap<>() : new HashMap<>();
    this.examples = new StatisticsExamples(inArrivalOrder);
  }

  /**
   * An empty accumulator that remembers the order of its route and statement cells (of their first calls) and
   * of its examples (of their last updates): a part one caller sums alone, to {@link #merge} into a shared
   * accumulator at once.
   */
  public static StatisticsAccumulator inArrivalOrder() {
    return new StatisticsAccumulator(true);
  }

  @Override
  public void self(long slotMillis, SelfKey key, long elapsedMillis, boolean error) {
    count(self, new Slotted<>(slotMillis, key), MapContributions::schemaOf, elapsedMillis, error);
  }

  @Override
  public void link(long slotMillis, LinkKey key, long elapsedMillis, boolean error) {
    count(links, new Slotted<>(slotMillis, key), MapContributions::schemaOf, elapsedMillis, error);
  }

  @Override
  public void hostMapping(long slotMillis, HostMapping mapping) {
    hostMappings.add(new Slotted<>(slotMillis, mapping));
  }

  /**
   * Counts one call of an application route ({@link io.pinscope.model.UriRoutes}) starting in the slot of
   * {@code slotMillis}, in {@link HistogramSchema#NORMAL} bands.
   */
  public void uri(long slotMillis, UriKey key, long elapsedMillis, boolean error) {
    count(uris, new Slotted<>(SlotValue.slotOf(slotMillis), key), NORMAL, elapsedMillis, error);
  }

  /**
   * Counts one call of a database statement ({@link io.pinscope.model.DbStatements}) starting in the slot of
   * {@code slotMillis}, in {@link HistogramSchema#FAST} bands.
   */
  public void sql(long slotMillis, SqlKey key, long elapsedMillis, boolean error) {
    count(sqls, new Slotted<>(SlotValue.slotOf(slotMillis), key), FAST, elapsedMillis, error);
  }

  /**
   * {@link #uri} and {@link #uriExample} of one call at once (the slotted key is made and hashed once).
   */
  public void uriCall(long slotMillis, UriKey key, long elapsedMillis, boolean error, TraceId traceId) {
    Slotted<UriKey> slotted = new Slotted<>(SlotValue.slotOf(slotMillis), key);
    count(uris, slotted, NORMAL, elapsedMillis, error);
    examples.uri(slotted, traceId);
  }

  /**
   * {@link #sql} and {@link #sqlExample} of one call at once (the slotted key is made and hashed once).
   */
  public void sqlCall(long slotMillis, SqlKey key, long elapsedMillis, boolean error, TraceId traceId) {
    Slotted<SqlKey> slotted = new Slotted<>(SlotValue.slotOf(slotMillis), key);
    count(sqls, slotted, FAST, elapsedMillis, error);
    examples.sql(slotted, traceId);
  }

  /** Keeps {@code traceId} as the example transaction of the route in the slot of {@code slotMillis}. */
  public void uriExample(long slotMillis, UriKey key, TraceId traceId) {
    examples.uri(slotMillis, key, traceId);
  }

  /** Keeps {@code traceId} as the example transaction of the statement in the slot of {@code slotMillis}. */
  public void sqlExample(long slotMillis, SqlKey key, TraceId traceId) {
    examples.sql(slotMillis, key, traceId);
  }

  @Override
  public void linkExample(long slotMillis, LinkKey key, TraceId traceId) {
    examples.link(slotMillis, key, traceId);
  }

  private static final Function<Object, HistogramSchema> NORMAL = k -> HistogramSchema.NORMAL;
  private static final Function<Object, HistogramSchema> FAST = k -> HistogramSchema.FAST;

  /** Adds one call to the cell of {@code slotted}, made in the key's schema when new. */
  private static <K> void count(Map<Slotted<K>, HistogramAccumulator> cells, Slotted<K> slotted,
      Function<? super K, HistogramSchema> schemaOf, long elapsedMillis, boolean error) {
    HistogramAccumulator cell = cells.get(slotted);
    if (cell == null) {
      // Only a new cell needs its schema (a registry look-up for map keys).
      cell = new HistogramAccumulator(schemaOf.apply(slotted.key()));
      cells.put(slotted, cell);
    }
    cell.add(elapsedMillis, error);
  }

  /** Adds every cell of {@code other} to this one. */
  public void addAll(StatisticsAccumulator other) {
    other.self.forEach((k, h) -> addCell(self, k, h));
    other.links.forEach((k, h) -> addCell(links, k, h));
    hostMappings.addAll(other.hostMappings);
    other.uris.forEach((k, h) -> addCell(uris, k, h));
    other.sqls.forEach((k, h) -> addCell(sqls, k, h));
    examples.addAll(other.examples);
  }

  /**
   * Adds every cell and example of {@code part} (made {@link #inArrivalOrder()}) to this one, each route and
   * statement cell under the key {@code routes} or {@code statements} admits it as (asked in the order of the
   * cells' first calls, with the cell's number of calls). The result is exactly what counting {@code part}'s
   * calls here one by one, each route and statement admitted as it comes, would have given: the same cells, the
   * same admissions, and of examples re-keyed onto one key the one set last. Lets a caller sum a batch of
   * spans outside a lock and merge them under it once.
   *
   * @throws IllegalArgumentException when {@code part} is not in arrival order
   */
  public void merge(StatisticsAccumulator part, Admission<UriKey> routes, Admission<SqlKey> statements) {
    if (!part.inArrivalOrder) {
      throw new IllegalArgumentException("part: an accumulator in no order (expected: one made by inArrivalOrder())");
    }
    part.self.forEach((k, h) -> addCell(self, k, h));
    part.links.forEach((k, h) -> addCell(links, k, h));
    hostMappings.addAll(part.hostMappings);
    part.uris.forEach((k, h) -> addCell(uris, rekeyed(k, routes.admit(k.key(), h.calls())), h));
    part.sqls.forEach((k, h) -> addCell(sqls, rekeyed(k, statements.admit(k.key(), h.calls())), h));
    examples.merge(part.examples, routes, statements);
  }

  /** {@code slotted}, or its slot with {@code key} when that is another key. */
  static <K> Slotted<K> rekeyed(Slotted<K> slotted, K key) {
    return key == slotted.key() ? slotted : new Slotted<>(slotted.slotMillis(), key);
  }

  /** Adds the calls of {@code h} to the cell of {@code k}, made in {@code h}'s schema when new. */
  private static <K> void addCell(Map<Slotted<K>, HistogramAccumulator> cells, Slotted<K> k,
      HistogramAccumulator h) {
    HistogramAccumulator cell = cells.get(k);
    if (cell == null) {
      cell = new HistogramAccumulator(h.schema());
      cells.put(k, cell);
    }
    cell.add(h);
  }

  /**
   * Re-keys the route and statement cells ({@code routes}, {@code statements} map each key to the one it
   * counts under); cells that then share a slot and key are summed.
   */
  public void rekey(UnaryOperator<UriKey> routes, UnaryOperator<SqlKey> statements) {
    rekey(uris, routes);
    rekey(sqls, statements);
  }

  private static <K> void rekey(Map<Slotted<K>, HistogramAccumulator> cells, UnaryOperator<K> to) {
    Map<Slotted<K>, HistogramAccumulator> before = new HashMap<>(cells);
    cells.clear();
    before.forEach((k, h) -> addCell(cells, new Slotted<>(k.slotMillis(), to.apply(k.key())), h));
  }

  public boolean isEmpty() {
    return self.isEmpty() && links.isEmpty() && hostMappings.isEmpty() && uris.isEmpty() && sqls.isEmpty();
  }

  /** Self, link, host-map, route and statement cells. */
  public int cells() {
    return self.size() + links.size() + hostMappings.size() + uris.size() + sqls.size();
  }

  /** Link cells. */
  public int linkCells() {
    return links.size();
  }

  /** The increments to write. */
  public StatisticsBatch toBatch() {
    StatisticsBatch batch = new StatisticsBatch();
    self.forEach((k, h) -> batch.addSelf(new SlotValue<>(k.slotMillis(), k.key(), h.toHistogram())));
    links.forEach((k, h) -> batch.addLink(new SlotValue<>(k.slotMillis(), k.key(), h.toHistogram())));
    hostMappings.forEach(m -> batch.addHostMapping(m.slotMillis(), m.key()));
    uris.forEach((k, h) -> batch.addUri(new SlotValue<>(k.slotMillis(), k.key(), h.toHistogram())));
    sqls.forEach((k, h) -> batch.addSql(new SlotValue<>(k.slotMillis(), k.key(), h.toHistogram())));
    examples.addTo(batch);
    return batch;
  }

  /**
   * Drops whole slots, oldest first, until at most {@code maxCells} cells remain.
   *
   * @return the number of cells dropped
   */
  public int dropOldestSlots(int maxCells) {
    int dropped = 0;
    TreeSet<Long> slots = new TreeSet<>();
    self.keySet().forEach(k -> slots.add(k.slotMillis()));
    links.keySet().forEach(k -> slots.add(k.slotMillis()));
    hostMappings.forEach(k -> slots.add(k.slotMillis()));
    uris.keySet().forEach(k -> slots.add(k.slotMillis()));
    sqls.keySet().forEach(k -> slots.add(k.slotMillis()));
    for (long slot : slots) {
      if (cells() <= maxCells) {
        break;
      }
      int before = cells();
      self.keySet().removeIf(k -> k.slotMillis() == slot);
      links.keySet().removeIf(k -> k.slotMillis() == slot);
      hostMappings.removeIf(k -> k.slotMillis() == slot);
      uris.keySet().removeIf(k -> k.slotMillis() == slot);
      sqls.keySet().removeIf(k -> k.slotMillis() == slot);
      examples.dropSlot(slot);
      dropped += before - cells();
    }
    return dropped;
  }
}
