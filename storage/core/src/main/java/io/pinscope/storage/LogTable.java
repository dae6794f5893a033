package io.pinscope.storage;

import io.pinscope.model.SpanIds;
import io.pinscope.model.StoredLog;
import io.pinscope.model.TraceId;
import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.Scan;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link LogRepository} over the {@code logs} table. Correlated records: row {@code salt 1 traceId};
 * uncorrelated: row {@code salt 2 hash name(agentId) time(ms)}. Qualifiers are {@code time(ns) spanId
 * unique}, where {@code unique} keeps records with equal times apart.
 */
final class LogTable implements LogRepository {
  private static final String RECORDS = "l";
  private static final int BY_TRACE = 1;
  private static final int BY_AGENT = 2;

  private final WideColumnStore store;
  private final int buckets;
  private final AtomicLong unique = new AtomicLong(ThreadLocalRandom.current().nextLong());

  LogTable(WideColumnStore store) {
    this.store = store;
    this.buckets = store.saltBuckets();
  }

  @Override
  public void write(List<StoredLog> records) {
    if (records.isEmpty()) {
      return;
    }
    WriteBatch batch = new WriteBatch();
    for (StoredLog log : records) {
      byte[] row = log.traceId() != null
          ? traceRow(log.traceId())
          : agentPrefix(log.agentId()).writeLong(log.timeNanos() / 1_000_000L).toByteArray();
      byte[] q = new BinaryWriter(24).writeLong(log.timeNanos()).writeLong(log.spanId())
          .writeLong(unique.incrementAndGet()).toByteArray();
      batch.put(Storage.LOGS, RECORDS, row, q, encode(log));
    }
    store.write(batch);
  }

  @Override
  public List<StoredLog> findByTrace(TraceId traceId, int limit) {
    checkLimit(limit);
    byte[] row = traceRow(traceId);
    return decodeAll(store.scan(new Scan(Storage.LOGS, RECORDS, row, TraceTable.stopOf(row), false, limit)));
  }

  @Override
  public List<StoredLog> findUncorrelated(String agentId, long fromMillis, long toMillis, int limit) {
    checkLimit(limit);
    if (toMillis <= fromMillis) {
      return List.of();
    }
    byte[] start = agentPrefix(agentId).writeLong(fromMillis).toByteArray();
    byte[] stop = agentPrefix(agentId).writeLong(toMillis).toByteArray();
    return decodeAll(store.scan(new Scan(Storage.LOGS, RECORDS, start, stop, false, limit)));
  }

  private static void checkLimit(int limit) {
    if (limit < 1 || limit > MAX_RECORDS) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1.." + MAX_RECORDS + ")");
    }
  }

  private byte[] traceRow(TraceId traceId) {
    BinaryWriter w = new BinaryWriter(18)
        .writeByte(Keys.saltOf(Keys.hash(traceId.high(), traceId.low()), buckets)).writeByte(BY_TRACE);
    return w.writeLong(traceId.high()).writeLong(traceId.low()).toByteArray();
  }

  private BinaryWriter agentPrefix(String agentId) {
    byte[] name = Keys.name(new BinaryWriter(32), agentId).toByteArray();
    return new BinaryWriter(48).writeByte(Keys.saltOf(Keys.hash(name), buckets)).writeByte(BY_AGENT)
        .writeBytes(name);
  }

  private static List<StoredLog> decodeAll(List<Cell> cells) {
    List<StoredLog> out = new ArrayList<>(cells.size());
    for (Cell c : cells) {
      out.add(decode(c.value()));
    }
    return out;
  }

  private static byte[] encode(StoredLog log) {
    BinaryWriter w = new BinaryWriter(128).writeVarLong(log.epochNanos())
        .writeVarLong(log.observedEpochNanos()).writeVarInt(log.severityNumber())
        .writeString(log.severityText());
    AttributeCodec.writeValue(w, log.body());
    AttributeCodec.write(w, log.attributes());
    TraceId t = log.traceId();
    w.writeByte(t == null ? 0 : 1);
    if (t != null) {
      w.writeLong(t.high()).writeLong(t.low());
    }
    return w.writeLong(log.spanId()).writeVarInt(log.flags()).writeString(log.applicationName())
        .writeString(log.agentId()).toByteArray();
  }

  private static StoredLog decode(byte[] value) {
    BinaryReader r = new BinaryReader(value);
    long time = r.readVarLong();
    long observed = r.readVarLong();
    int severity = r.readVarInt();
    String severityText = r.readString();
    var body = AttributeCodec.readValue(r);
    var attributes = AttributeCodec.read(r);
    TraceId traceId = r.readByte() == 1 ? new TraceId(r.readLong(), r.readLong()) : null;
    long spanId = r.readLong();
    return new StoredLog(time, observed, severity, severityText, body, attributes, traceId,
        traceId == null ? SpanIds.NONE : spanId, r.readVarInt(), r.readString(), r.readString());
  }
}
