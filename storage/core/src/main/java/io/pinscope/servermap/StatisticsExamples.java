package io.pinscope.servermap;

import io.pinscope.model.LinkKey;
import io.pinscope.model.SlotExample;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SqlKey;
import io.pinscope.model.TraceId;
import io.pinscope.model.UriKey;
import io.pinscope.servermap.StatisticsAccumulator.Admission;
import io.pinscope.storage.StatisticsBatch;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The example transactions of a {@link StatisticsAccumulator}: per 1-minute slot and route, statement or
 * out-link, the trace id of the call counted last (a later one replaces an earlier one). At most one per
 * histogram cell, so they are not counted as cells of their own. Not thread-safe.
 */
final class StatisticsExamples {
  private final Map<Slotted<UriKey>, TraceId> uris;
  private final Map<Slotted<SqlKey>, TraceId> sqls;
  private final Map<Slotted<LinkKey>, TraceId> links;

  /**
   * {@code inUpdateOrder}: the examples are iterated in the order they were last set (the most recently set
   * last), as {@link #merge} needs of its part; else in no particular order.
   */
  StatisticsExamples(boolean inUpdateOrder) {
    uris = map(inUpdateOrder);
    sqls = map(inUpdateOrder);
    links = map(inUpdateOrder);
  }

  private static <K> Map<Slotted<K>, TraceId> map(boolean inUpdateOrder) {
    // Access order: a put of a present key moves it to the end, so iteration follows the last updates.
    return inUpdateOrder ? new LinkedHashMap<>(16, 0.75f, true) : new HashMap<>();
  }

  void uri(long slotMillis, UriKey key, TraceId traceId) {
    uri(new Slotted<>(SlotValue.slotOf(slotMillis), key), traceId);
  }

  /** {@link #uri(long, UriKey, TraceId)} with the slot already {@link SlotValue#slotOf rounded}. */
  void uri(Slotted<UriKey> slotted, TraceId traceId) {
    uris.put(slotted, traceId);
  }

  void sql(long slotMillis, SqlKey key, TraceId traceId) {
    sql(new Slotted<>(SlotValue.slotOf(slotMillis), key), traceId);
  }

  /** {@link #sql(long, SqlKey, TraceId)} with the slot already {@link SlotValue#slotOf rounded}. */
  void sql(Slotted<SqlKey> slotted, TraceId traceId) {
    sqls.put(slotted, traceId);
  }

  void link(long slotMillis, LinkKey key, TraceId traceId) {
    links.put(new Slotted<>(SlotValue.slotOf(slotMillis), key), traceId);
  }

  /** Takes {@code other}'s examples, which replace this one's for the same slot and key. */
  void addAll(StatisticsExamples other) {
    uris.putAll(other.uris);
    sqls.putAll(other.sqls);
    links.putAll(other.links);
  }

  /**
   * Takes {@code part}'s examples (made {@code inUpdateOrder}), routes and statements re-keyed by
   * {@code routes} and {@code statements} as their cells were (asked again, with no calls): where several
   * re-keyed examples meet, the one set last in {@code part} wins, as if they had been set here one by one.
   */
  void merge(StatisticsExamples part, Admission<UriKey> routes, Admission<SqlKey> statements) {
    part.uris.forEach((k, t) -> uris.put(StatisticsAccumulator.rekeyed(k, routes.admit(k.key(), 0)), t));
    part.sqls.forEach((k, t) -> sqls.put(StatisticsAccumulator.rekeyed(k, statements.admit(k.key(), 0)), t));
    part.links.forEach(links::put);
  }

  /** Forgets the examples of {@code slotMillis}. */
  void dropSlot(long slotMillis) {
    uris.keySet().removeIf(k -> k.slotMillis() == slotMillis);
    sqls.keySet().removeIf(k -> k.slotMillis() == slotMillis);
    links.keySet().removeIf(k -> k.slotMillis() == slotMillis);
  }

  void addTo(StatisticsBatch batch) {
    uris.forEach((k, t) -> batch.addUriExample(new SlotExample<>(k.slotMillis(), k.key(), t)));
    sqls.forEach((k, t) -> batch.addSqlExample(new SlotExample<>(k.slotMillis(), k.key(), t)));
    links.forEach((k, t) -> batch.addLinkExample(new SlotExample<>(k.slotMillis(), k.key(), t)));
  }
}
