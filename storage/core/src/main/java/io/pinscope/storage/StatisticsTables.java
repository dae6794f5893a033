package io.pinscope.storage;

import io.pinscope.model.HistogramSchema;
import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.SelfKey;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link MapStatistics} over {@code stat_self}, {@code stat_out}, {@code stat_in} and {@code host_map}.
 * Every row is {@code salt hash name inv(slot)} for the node the row belongs to; qualifiers carry the
 * rest of the key (see {@link Storage}).
 */
final class StatisticsTables implements MapStatistics {
  private static final byte[] EMPTY = new byte[0];
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
    for (SlotValue<SelfKey> v : batch.self()) {
      SelfKey k = v.key();
      byte[] q = new BinaryWriter(32).writeInt(k.serviceTypeCode()).writeString(k.agentId()).toByteArray();
      HistogramCells.add(w, Storage.STAT_SELF, row(k.applicationName(), v.slotMillis()), q, v.histogram());
    }
    for (SlotValue<LinkKey> v : batch.links()) {
      LinkKey k = v.key();
      byte[] out = new BinaryWriter(48).writeInt(k.callerTypeCode()).writeInt(k.calleeTypeCode())
          .writeString(k.calleeName()).writeString(k.host()).toByteArray();
      HistogramCells.add(w, Storage.STAT_OUT, row(k.callerName(), v.slotMillis()), out, v.histogram());
      byte[] in = new BinaryWriter(48).writeInt(k.calleeTypeCode()).writeInt(k.callerTypeCode())
          .writeString(k.callerName()).writeString(k.host()).toByteArray();
      HistogramCells.add(w, Storage.STAT_IN, row(k.calleeName(), v.slotMillis()), in, v.histogram());
    }
    for (StatisticsBatch.SlotMapping m : batch.hostMappings()) {
      HostMapping h = m.mapping();
      byte[] q = new BinaryWriter(48).writeString(h.host()).writeString(h.acceptorName())
          .writeInt(h.acceptorTypeCode()).toByteArray();
      w.put(Storage.HOST_MAP, "h", row(h.callerName(), m.slotMillis()), q, EMPTY);
    }
    store.write(w);
  }

  @Override
  public List<SlotValue<SelfKey>> readSelf(String application, long fromMillis, long toMillis) {
    return HistogramCells.read(store, Storage.STAT_SELF, prefix(application), fromMillis, toMillis,
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
  public List<SlotValue<LinkKey>> readOutLinks(String callerName, long fromMillis, long toMillis) {
    return HistogramCells.read(store, Storage.STAT_OUT, prefix(callerName), fromMillis, toMillis,
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
  public List<SlotValue<LinkKey>> readInLinks(String calleeName, long fromMillis, long toMillis) {
    return HistogramCells.read(store, Storage.STAT_IN, prefix(calleeName), fromMillis, toMillis,
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
  public Set<HostMapping> readHostMappings(String callerName, long fromMillis, long toMillis) {
    Set<HostMapping> out = new TreeSet<>(HOST_ORDER);
    byte[][] range = HistogramCells.slotRange(prefix(callerName), fromMillis, toMillis);
    if (range == null) {
      return out;
    }
    for (Cell c : HistogramCells.scanAll(store, Storage.HOST_MAP, "h", range[0], range[1])) {
      BinaryReader q = new BinaryReader(c.qualifier());
      out.add(new HostMapping(callerName, q.readString(), q.readString(), q.readInt()));
    }
    return out;
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
