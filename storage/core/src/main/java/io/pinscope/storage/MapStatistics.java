package io.pinscope.storage;

import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotExample;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SqlKey;
import io.pinscope.model.UriKey;
import java.util.List;
import java.util.Set;

/**
 * The server map's statistics: per 1-minute slot, each application agent's own response histogram
 * ("self"), each link's histogram seen from the caller (out-links) and from the callee (in-links), and the
 * host map; and, beside the map, each application route's histogram (the URI statistics). Writes are
 * increments (atomic adds and maxima, never read-modify-write), so concurrent writers never lose counts; a
 * retried batch counts twice: statistics are at-least-once.
 *
 * <p>Reads cover slots whose start is in {@code [fromMillis, toMillis)}, return one value per (slot, key)
 * — increments to the same cell are summed — ordered by slot ascending, then key.
 *
 * <p>Hourly roll-ups: every self, link, route and statement histogram is also added, in the same write, to
 * the row of its hour, so a read at {@link StatisticsResolution#HOUR} returns one value per (hour, key) whose
 * counts and sum are exactly those of the hour's minutes (and so is the max, unless {@link #replace} took a
 * slower call out of the hour). The reads without a resolution read minutes. The host map has no roll-up.
 */
public interface MapStatistics {
  /** Adds the batch; durable on return. */
  void write(StatisticsBatch batch);

  /** Self histograms of every agent of {@code application}. */
  default List<SlotValue<SelfKey>> readSelf(String application, long fromMillis, long toMillis) {
    return readSelf(application, fromMillis, toMillis, StatisticsResolution.MINUTE);
  }

  /** {@link #readSelf(String, long, long)} in slots of {@code resolution}. */
  List<SlotValue<SelfKey>> readSelf(String application, long fromMillis, long toMillis,
      StatisticsResolution resolution);

  /** Links whose caller is {@code callerName}, as counted on the caller side. */
  default List<SlotValue<LinkKey>> readOutLinks(String callerName, long fromMillis, long toMillis) {
    return readOutLinks(callerName, fromMillis, toMillis, StatisticsResolution.MINUTE);
  }

  /** {@link #readOutLinks(String, long, long)} in slots of {@code resolution}. */
  List<SlotValue<LinkKey>> readOutLinks(String callerName, long fromMillis, long toMillis,
      StatisticsResolution resolution);

  /** Links whose callee is {@code calleeName} (an application or a terminal node name). */
  default List<SlotValue<LinkKey>> readInLinks(String calleeName, long fromMillis, long toMillis) {
    return readInLinks(calleeName, fromMillis, toMillis, StatisticsResolution.MINUTE);
  }

  /** {@link #readInLinks(String, long, long)} in slots of {@code resolution}. */
  List<SlotValue<LinkKey>> readInLinks(String calleeName, long fromMillis, long toMillis,
      StatisticsResolution resolution);

  /** Host-map entries recorded for callers named {@code callerName}, de-duplicated over the range. */
  Set<HostMapping> readHostMappings(String callerName, long fromMillis, long toMillis);

  /** Host-map entries recorded for callers named {@code callerName}, once per slot, by slot. */
  List<StatisticsBatch.SlotMapping> readHostMappingSlots(String callerName, long fromMillis, long toMillis);

  /**
   * URI statistics of every route of {@code application} ({@link io.pinscope.model.UriRoutes}), the folded
   * route {@link io.pinscope.model.UriRoutes#OTHER} included.
   */
  default List<SlotValue<UriKey>> readUris(String application, long fromMillis, long toMillis) {
    return readUris(application, fromMillis, toMillis, StatisticsResolution.MINUTE);
  }

  /** {@link #readUris(String, long, long)} in slots of {@code resolution}. */
  List<SlotValue<UriKey>> readUris(String application, long fromMillis, long toMillis,
      StatisticsResolution resolution);

  /**
   * SQL statistics of every statement {@code application} sent ({@link io.pinscope.model.DbStatements}), the
   * folded statement {@link io.pinscope.model.DbStatements#OTHER} included; histograms in
   * {@link io.pinscope.model.HistogramSchema#FAST} bands. Same ordering and range as {@link #readUris}.
   */
  default List<SlotValue<SqlKey>> readSqls(String application, long fromMillis, long toMillis) {
    return readSqls(application, fromMillis, toMillis, StatisticsResolution.MINUTE);
  }

  /** {@link #readSqls(String, long, long)} in slots of {@code resolution}. */
  List<SlotValue<SqlKey>> readSqls(String application, long fromMillis, long toMillis,
      StatisticsResolution resolution);

  /**
   * Example transactions of {@code application}'s routes: per slot and route, the trace of the latest call
   * written there ({@link StatisticsBatch#addUriExample}). Same range as {@link #readUris}; ordered by slot
   * ascending. {@link #replace} leaves examples as they are (they only point at traces). None by default (a
   * store that keeps no examples).
   */
  default List<SlotExample<UriKey>> readUriExamples(String application, long fromMillis, long toMillis) {
    return List.of();
  }

  /** Example transactions of {@code application}'s statements, as {@link #readUriExamples}. */
  default List<SlotExample<SqlKey>> readSqlExamples(String application, long fromMillis, long toMillis) {
    return List.of();
  }

  /** Example transactions of the links whose caller is {@code callerName}, as {@link #readUriExamples}. */
  default List<SlotExample<LinkKey>> readOutLinkExamples(String callerName, long fromMillis, long toMillis) {
    return List.of();
  }

  /**
   * The newest example transactions of {@code keys} only: as {@link #readUriExamples(String, long, long)}, each
   * trace once per key and at most {@code perKey} per key, the newest; slots are read newest first and the
   * read stops once every key has {@code perKey} (so a summary's few rows do not read every example of a long
   * range). Ordered by slot ascending.
   *
   * @throws IllegalArgumentException if {@code perKey < 1}
   */
  default List<SlotExample<UriKey>> readUriExamples(String application, long fromMillis, long toMillis,
      Set<UriKey> keys, int perKey) {
    return ExampleQuota.of(keys, perKey).filter(readUriExamples(application, fromMillis, toMillis));
  }

  /** {@link #readSqlExamples(String, long, long)} of {@code keys} only, bounded as the URI examples'. */
  default List<SlotExample<SqlKey>> readSqlExamples(String application, long fromMillis, long toMillis,
      Set<SqlKey> keys, int perKey) {
    return ExampleQuota.of(keys, perKey).filter(readSqlExamples(application, fromMillis, toMillis));
  }

  /** {@link #readOutLinkExamples(String, long, long)} of {@code keys} only, bounded as the URI examples'. */
  default List<SlotExample<LinkKey>> readOutLinkExamples(String callerName, long fromMillis, long toMillis,
      Set<LinkKey> keys, int perKey) {
    return ExampleQuota.of(keys, perKey).filter(readOutLinkExamples(callerName, fromMillis, toMillis));
  }

  /**
   * Removes the cells of {@code removed}'s keys in their slots — self histograms, links on both sides
   * (caller's out-links and callee's in-links), host-map entries, route and statement histograms — whatever
   * its histograms hold, then adds {@code added}, in one write (atomic where the engine's batches are).
   * Maintenance only (the statistics rebuild): an increment written concurrently to a removed cell may be lost.
   * Durable on return.
   *
   * <p>Hourly roll-ups: {@code removed}'s histograms are subtracted from their hours' counts and sums, so pass
   * what is stored (as read back; the rebuild does) for the hours to stay exact. An hour's max cannot go down:
   * it keeps the largest call ever added to it, even one that {@code removed} took out.
   */
  void replace(StatisticsBatch removed, StatisticsBatch added);

  /** Removes the cells of the batch's keys: {@link #replace} with nothing added. */
  default void remove(StatisticsBatch cells) {
    replace(cells, new StatisticsBatch());
  }
}
