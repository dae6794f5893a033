package io.pinscope.storage;

import io.pinscope.storage.ApplicationRollups.Hour;
import io.pinscope.storage.ApplicationRollups.PanelPoint;
import io.pinscope.storage.ApplicationRollups.Point;
import io.pinscope.storage.ApplicationRollups.SeriesPoint;
import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.Longs;
import io.pinscope.storage.spi.Scan;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@link ApplicationRollups} over the {@code app_1h} table: family {@code a}, row {@code salt hash name(app)
 * hour(ms)}, empty qualifier, value the hour's series then panel lines (strings length-prefixed, attributes as
 * in {@code metrics}, doubles 8 bytes); family {@code w}, row {@code salt hash name(app)}, the progress (8
 * bytes).
 */
final class ApplicationRollupTable implements ApplicationRollups {
  private static final String HOURS = "a";
  private static final String PROGRESS = "w";
  private static final byte[] NO_QUALIFIER = new byte[0];

  private final WideColumnStore store;
  private final int salts;

  ApplicationRollupTable(WideColumnStore store) {
    this.store = store;
    this.salts = store.saltBuckets();
  }

  @Override
  public void write(String application, SortedMap<Long, Hour> hours, long rolledUpUntil) {
    WriteBatch batch = new WriteBatch();
    hours.forEach((hour, answer) ->
        batch.put(Storage.APPLICATIONS_HOURLY, HOURS, row(application, hour), NO_QUALIFIER, encode(answer)));
    batch.put(Storage.APPLICATIONS_HOURLY, PROGRESS, progressRow(application), NO_QUALIFIER,
        Longs.toBytes(rolledUpUntil));
    store.write(batch);
  }

  @Override
  public SortedMap<Long, Hour> read(String application, long fromMillis, long toMillis) {
    SortedMap<Long, Hour> out = new TreeMap<>();
    if (toMillis <= fromMillis) {
      return out;
    }
    // Every hour names the same series, panels and agents: each string is decoded once per read.
    Map<BinaryReader.Slice, String> strings = new HashMap<>();
    for (Cell c : store.scan(new Scan(Storage.APPLICATIONS_HOURLY, HOURS, row(application, fromMillis),
        row(application, toMillis), false, Integer.MAX_VALUE))) {
      long hour = new BinaryReader(c.row(), c.row().length - 8, c.row().length).readLong();
      out.put(hour, decode(new BinaryReader(c.value(), strings)));
    }
    return out;
  }

  @Override
  public long rolledUpUntil(String application) {
    byte[] v = store.get(Storage.APPLICATIONS_HOURLY, PROGRESS, progressRow(application), NO_QUALIFIER);
    return v == null ? 0 : Longs.fromBytes(v);
  }

  private byte[] row(String application, long hourMillis) {
    return Keys.saltedName(application, salts).writeLong(hourMillis).toByteArray();
  }

  private byte[] progressRow(String application) {
    return Keys.saltedName(application, salts).toByteArray();
  }

  static byte[] encode(Hour h) {
    BinaryWriter w = new BinaryWriter(256).writeVarInt(h.series().size());
    for (SeriesPoint s : h.series()) {
      w.writeString(s.name()).writeString(s.unit()).writeString(s.kind());
      AttributeCodec.write(w, s.attributes());
      write(w, s.point());
    }
    w.writeVarInt(h.panels().size());
    for (PanelPoint p : h.panels()) {
      w.writeString(p.panelId()).writeString(p.title()).writeString(p.unit()).writeString(p.label());
      write(w, p.point());
    }
    return w.toByteArray();
  }

  private static Hour decode(BinaryReader r) {
    int n = r.readVarInt();
    List<SeriesPoint> series = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      series.add(new SeriesPoint(r.readString(), r.readString(), r.readString(), AttributeCodec.read(r), read(r)));
    }
    int m = r.readVarInt();
    List<PanelPoint> panels = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      panels.add(new PanelPoint(r.readString(), r.readString(), r.readString(), r.readString(), read(r)));
    }
    return new Hour(series, panels);
  }

  private static void write(BinaryWriter w, Point p) {
    w.writeDouble(p.avg()).writeDouble(p.min()).writeDouble(p.max()).writeString(p.minAgentId())
        .writeString(p.maxAgentId());
  }

  private static Point read(BinaryReader r) {
    return new Point(r.readDouble(), r.readDouble(), r.readDouble(), r.readString(), r.readString());
  }
}
