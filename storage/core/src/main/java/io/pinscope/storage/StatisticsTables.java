package io.pinscope.storage;

import static io.pinscope.storage.StatisticsResolution.HOUR;

import io.pinscope.model.HistogramSchema;
import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.SelfKey;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotExample;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SqlKey;
import io.pinscope.model.TraceId;
import io.pinscope.model.UriKey;
import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.Scan;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@link MapStatistics} over {@code stat_self}, {@code stat_out}, {@code stat_in}, {@code host_map},
 * {@code stat_uri} and {@code stat_sql}, and the hourly roll-ups of the histogram tables ({@code stat_self_1h},
 * ...: the same cells in one row per hour, written in the same batch as the minute cells).
 * Every row is {@code salt hash name inv(slot)} for the node the row belongs to; qualifiers carry the
 * rest of the key (see {@link Storage}).
 */
final class StatisticsTables implements MapStatistics {
  private static final byte[] EMPTY = new byte[0];
  /** Example cells read per scan: a bounded read stops after the page that fills its quota. */
  static final int EXAMPLE_PAGE = 1_024;
  private static final Comparator<HostMapping> HOST_ORDER = Comparator.comparing(HostMapping::host)
      .thenComparing(HostMapping::acceptorName).thenComparingInt(HostMapping::acceptorTypeCode);

  private final WideColumnStore store;
  private final int buckets;

  StatisticsTables(WideColumnStore store) {
    this.store = store;
    this.buckets = store.saltBuckets();
  }

  @Override
  public void write(StatisticsBatch batch) {
    if (batch.isEmpty()) {
      return;
    }
    WriteBatch w = new WriteBatch();
    add(w, batch);
    store.write(w);
  }

  @Override
  public void replace(StatisticsBatch removed, StatisticsBatch added) {
    if (removed.isEmpty() && added.isEmpty()) {
      return;
    }
    WriteBatch w = new WriteBatch();
    for (SlotValue<SelfKey> v : removed.self()) {
      remove(w, Storage.STAT_SELF, v.key().applicationName(), v, selfQualifier(v.key()));
    }
    for (SlotValue<LinkKey> v : removed.links()) {
      LinkKey k = v.key();
      remove(w, Storage.STAT_OUT, k.callerName(), v, outQualifier(k));
      remove(w, Storage.STAT_IN, k.calleeName(), v, inQualifier(k));
    }
    for (StatisticsBatch.SlotMapping m : removed.hostMappings()) {
      w.delete(Storage.HOST_MAP, "h", row(m.mapping().callerName(), m.slotMillis()), hostQualifier(m.mapping()));
    }
    for (SlotValue<UriKey> v : removed.uris()) {
      remove(w, Storage.STAT_URI, v.key().applicationName(), v, uriQualifier(v.key()));
    }
    for (SlotValue<SqlKey> v : removed.sqls()) {
      remove(w, Storage.STAT_SQL, v.key().applicationName(), v, sqlQualifier(v.key()));
    }
    add(w, added); // After the deletes: a batch applies in order.
    store.write(w);
  }

  private void add(WriteBatch w, StatisticsBatch batch) {
    for (SlotValue<SelfKey> v : batch.self()) {
      add(w, Storage.STAT_SELF, v.key().applicationName(), v, selfQualifier(v.key()));
    }
    for (SlotValue<LinkKey> v : batch.links()) {
      LinkKey k = v.key();
      add(w, Storage.STAT_OUT, k.callerName(), v, outQualifier(k));
      add(w, Storage.STAT_IN, k.calleeName(), v, inQualifier(k));
    }
    for (StatisticsBatch.SlotMapping m : batch.hostMappings()) {
      w.put(Storage.HOST_MAP, "h", row(m.mapping().callerName(), m.slotMillis()), hostQualifier(m.mapping()), EMPTY);
    }
    for (SlotValue<UriKey> v : batch.uris()) {
      add(w, Storage.STAT_URI, v.key().applicationName(), v, uriQualifier(v.key()));
    }
    for (SlotValue<SqlKey> v : batch.sqls()) {
      add(w, Storage.STAT_SQL, v.key().applicationName(), v, sqlQualifier(v.key()));
    }
    addExamples(w, batch);
  }

  /** Example trace ids, one cell per slot and key next to its counters: a later write replaces it. */
  private void addExamples(WriteBatch w, StatisticsBatch batch) {
    for (SlotExample<UriKey> e : batch.uriExamples()) {
      w.put(Storage.STAT_URI, Storage.EXAMPLES, row(e.key().applicationName(), e.slotMillis()),
          uriQualifier(e.key()), e.traceId().toBytes());
    }
    for (SlotExample<SqlKey> e : batch.sqlExamples()) {
      w.put(Storage.STAT_SQL, Storage.EXAMPLES, row(e.key().applicationName(), e.slotMillis()),
          sqlQualifier(e.key()), e.traceId().toBytes());
    }
    for (SlotExample<LinkKey> e : batch.linkExamples()) {
      w.put(Storage.STAT_OUT, Storage.EXAMPLES, row(e.key().callerName(), e.slotMillis()), outQualifier(e.key()),
          e.traceId().toBytes());
    }
  }

  @Override
  public List<SlotExample<UriKey>> readUriExamples(String application, long fromMillis, long toMillis) {
    return readUriExamples(application, fromMillis, toMillis, ExampleQuota.unbounded());
  }

  @Override
  public List<SlotExample<UriKey>> readUriExamples(String application, long fromMillis, long toMillis,
      Set<UriKey> keys, int perKey) {
    return readUriExamples(application, fromMillis, toMillis, ExampleQuota.of(keys, perKey));
  }

  private List<SlotExample<UriKey>> readUriExamples(String application, long fromMillis, long toMillis,
      ExampleQuota<UriKey> quota) {
    return readExamples(Storage.STAT_URI, application, fromMillis, toMillis, q -> new UriKey(application,
        q.readString()), quota);
  }

  @Override
  public List<SlotExample<SqlKey>> readSqlExamples(String application, long fromMillis, long toMillis) {
    return readSqlExamples(application, fromMillis, toMillis, ExampleQuota.unbounded());
  }

  @Override
  public List<SlotExample<SqlKey>> readSqlExamples(String application, long fromMillis, long toMillis,
      Set<SqlKey> keys, int perKey) {
    return readSqlExamples(application, fromMillis, toMillis, ExampleQuota.of(keys, perKey));
  }

  private List<SlotExample<SqlKey>> readSqlExamples(String application, long fromMillis, long toMillis,
      ExampleQuota<SqlKey> quota) {
    return readExamples(Storage.STAT_SQL, application, fromMillis, toMillis, q -> new SqlKey(application,
        q.readString(), q.readString(), q.readString()), quota);
  }

  @Override
  public List<SlotExample<LinkKey>> readOutLinkExamples(String callerName, long fromMillis, long toMillis) {
    return readOutLinkExamples(callerName, fromMillis, toMillis, ExampleQuota.unbounded());
  }

  @Override
  public List<SlotExample<LinkKey>> readOutLinkExamples(String callerName, long fromMillis, long toMillis,
      Set<LinkKey> keys, int perKey) {
    return readOutLinkExamples(callerName, fromMillis, toMillis, ExampleQuota.of(keys, perKey));
  }

  private List<SlotExample<LinkKey>> readOutLinkExamples(String callerName, long fromMillis, long toMillis,
      ExampleQuota<LinkKey> quota) {
    return readExamples(Storage.STAT_OUT, callerName, fromMillis, toMillis, q -> {
      int callerType = q.readInt();
      int calleeType = q.readInt();
      return new LinkKey(callerName, callerType, q.readString(), calleeType, q.readString());
    }, quota);
  }

  /**
   * The examples {@code quota} keeps, rows (slots) read newest first a page at a time until the quota is full;
   * ordered by slot ascending.
   */
  private <K> List<SlotExample<K>> readExamples(String table, String name, long fromMillis, long toMillis,
      Function<BinaryReader, K> decode, ExampleQuota<K> quota) {
    byte[][] range = HistogramCells.slotRange(prefix(name), fromMillis, toMillis, SlotValue.SLOT_MILLIS);
    if (range == null) {
      return List.of();
    }
    List<SlotExample<K>> out = new ArrayList<>();
    byte[] start = range[0];
    while (!quota.full()) {
      List<Cell> page = store.scan(new Scan(table, Storage.EXAMPLES, start, range[1], false, EXAMPLE_PAGE));
      if (page.size() < EXAMPLE_PAGE) {
        offer(page, decode, quota, out);
        break;
      }
      // The page may have cut its last row: offer the rows before it, then that row whole.
      byte[] lastRow = page.get(page.size() - 1).row();
      int whole = page.size();
      while (whole > 0 && Arrays.equals(page.get(whole - 1).row(), lastRow)) {
        whole--;
      }
      offer(page.subList(0, whole), decode, quota, out);
      offer(store.getRow(table, Storage.EXAMPLES, lastRow), decode, quota, out);
      start = Arrays.copyOf(lastRow, lastRow.length + 1); // the next row after it
    }
    out.sort(Comparator.comparingLong(SlotExample::slotMillis)); // rows are newest first
    return out;
  }

  private static <K> void offer(List<Cell> cells, Function<BinaryReader, K> decode, ExampleQuota<K> quota,
      List<SlotExample<K>> out) {
    for (Cell c : cells) {
      if (quota.full()) {
        return;
      }
      SlotExample<K> e = new SlotExample<>(HistogramCells.slotOf(c.row()),
          decode.apply(new BinaryReader(c.qualifier())), TraceId.fromBytes(c.value()));
      if (quota.offer(e)) {
        out.add(e);
      }
    }
  }

  /** Adds the histogram to its minute cell and to its hour's roll-up cell, in the same batch. */
  private void add(WriteBatch w, String table, String name, SlotValue<?> v, byte[] qualifier) {
    byte[] prefix = prefix(name);
    HistogramCells.add(w, table, HistogramCells.row(prefix, SlotValue.slotOf(v.slotMillis())), qualifier,
        v.histogram());
    HistogramCells.add(w, Storage.hourly(table), HistogramCells.row(prefix, HOUR.slotOf(v.slotMillis())),
        qualifier, v.histogram());
  }

  /** Deletes the minute cell, and takes the histogram given for it out of its hour's roll-up (max excepted). */
  private void remove(WriteBatch w, String table, String name, SlotValue<?> v, byte[] qualifier) {
    byte[] prefix = prefix(name);
    HistogramCells.delete(w, table, HistogramCells.row(prefix, SlotValue.slotOf(v.slotMillis())), qualifier);
    HistogramCells.subtract(w, Storage.hourly(table), HistogramCells.row(prefix, HOUR.slotOf(v.slotMillis())),
        qualifier, v.histogram());
  }

  private static byte[] selfQualifier(SelfKey k) {
    return new BinaryWriter(32).writeInt(k.serviceTypeCode()).writeString(k.agentId()).toByteArray();
  }

  private static byte[] outQualifier(LinkKey k) {
    return new BinaryWriter(48).writeInt(k.callerTypeCode()).writeInt(k.calleeTypeCode())
        .writeString(k.calleeName()).writeString(k.host()).toByteArray();
  }

  private static byte[] inQualifier(LinkKey k) {
    return new BinaryWriter(48).writeInt(k.calleeTypeCode()).writeInt(k.callerTypeCode())
        .writeString(k.callerName()).writeString(k.host()).toByteArray();
  }

  private static byte[] sqlQualifier(SqlKey k) {
    return new BinaryWriter(64).writeString(k.dbSystem()).writeString(k.database()).writeString(k.statement())
        .toByteArray();
  }

  private static byte[] uriQualifier(UriKey k) {
    return new BinaryWriter(32).writeString(k.route()).toByteArray();
  }

  private static byte[] hostQualifier(HostMapping h) {
    return new BinaryWriter(48).writeString(h.host()).writeString(h.acceptorName()).writeInt(h.acceptorTypeCode())
        .toByteArray();
  }

  @Override
  public List<SlotValue<SelfKey>> readSelf(String application, long fromMillis, long toMillis,
      StatisticsResolution resolution) {
    return read(Storage.STAT_SELF, application, fromMillis, toMillis, resolution,
        new HistogramCells.KeyDecoder<>() {
          @Override
          public SelfKey decode(BinaryReader q) {
            return new SelfKey(application, q.readInt(), q.readString());
          }

          @Override
          public HistogramSchema schema(SelfKey key) {
            return ServiceTypeRegistry.ofCode(key.serviceTypeCode()).histogramSchema();
          }
        });
  }

  @Override
  public List<SlotValue<LinkKey>> readOutLinks(String callerName, long fromMillis, long toMillis,
      StatisticsResolution resolution) {
    return read(Storage.STAT_OUT, callerName, fromMillis, toMillis, resolution,
        new LinkDecoder() {
          @Override
          public LinkKey decode(BinaryReader q) {
            int callerType = q.readInt();
            int calleeType = q.readInt();
            return new LinkKey(callerName, callerType, q.readString(), calleeType, q.readString());
          }
        });
  }

  @Override
  public List<SlotValue<LinkKey>> readInLinks(String calleeName, long fromMillis, long toMillis,
      StatisticsResolution resolution) {
    return read(Storage.STAT_IN, calleeName, fromMillis, toMillis, resolution,
        new LinkDecoder() {
          @Override
          public LinkKey decode(BinaryReader q) {
            int calleeType = q.readInt();
            int callerType = q.readInt();
            return new LinkKey(q.readString(), callerType, calleeName, calleeType, q.readString());
          }
        });
  }

  @Override
  public List<SlotValue<UriKey>> readUris(String application, long fromMillis, long toMillis,
      StatisticsResolution resolution) {
    return read(Storage.STAT_URI, application, fromMillis, toMillis, resolution,
        HistogramCells.KeyDecoder.of(q -> new UriKey(application, q.readString()), HistogramSchema.NORMAL));
  }

  @Override
  public List<SlotValue<SqlKey>> readSqls(String application, long fromMillis, long toMillis,
      StatisticsResolution resolution) {
    return read(Storage.STAT_SQL, application, fromMillis, toMillis, resolution,
        HistogramCells.KeyDecoder.of(q -> new SqlKey(application, q.readString(), q.readString(), q.readString()),
            HistogramSchema.FAST));
  }

  @Override
  public Set<HostMapping> readHostMappings(String callerName, long fromMillis, long toMillis) {
    Set<HostMapping> out = new TreeSet<>(HOST_ORDER);
    for (StatisticsBatch.SlotMapping m : readHostMappingSlots(callerName, fromMillis, toMillis)) {
      out.add(m.mapping());
    }
    return out;
  }

  @Override
  public List<StatisticsBatch.SlotMapping> readHostMappingSlots(String callerName, long fromMillis, long toMillis) {
    byte[][] range = HistogramCells.slotRange(prefix(callerName), fromMillis, toMillis, SlotValue.SLOT_MILLIS);
    if (range == null) {
      return List.of();
    }
    List<StatisticsBatch.SlotMapping> out = new ArrayList<>();
    for (Cell c : HistogramCells.scanAll(store, Storage.HOST_MAP, "h", range[0], range[1])) {
      BinaryReader q = new BinaryReader(c.qualifier());
      out.add(new StatisticsBatch.SlotMapping(HistogramCells.slotOf(c.row()),
          new HostMapping(callerName, q.readString(), q.readString(), q.readInt())));
    }
    out.sort(Comparator.comparingLong(StatisticsBatch.SlotMapping::slotMillis));
    return out;
  }

  /** The minute table's or its hourly roll-up's histograms of {@code name}. */
  private <K> List<SlotValue<K>> read(String table, String name, long fromMillis, long toMillis,
      StatisticsResolution resolution, HistogramCells.KeyDecoder<K> decoder) {
    String t = resolution == HOUR ? Storage.hourly(table) : table;
    return HistogramCells.read(store, t, prefix(name), fromMillis, toMillis, resolution.millis(), decoder);
  }

  private byte[] prefix(String name) {
    return Keys.saltedName(name, buckets).toByteArray();
  }

  private byte[] row(String name, long slotMillis) {
    return HistogramCells.row(prefix(name), SlotValue.slotOf(slotMillis));
  }

  /** Link histograms use the callee's schema (FAST for caches). */
  private abstract static class LinkDecoder implements HistogramCells.KeyDecoder<LinkKey> {
    @Override
    public HistogramSchema schema(LinkKey key) {
      return ServiceTypeRegistry.ofCode(key.calleeTypeCode()).histogramSchema();
    }
  }
}
