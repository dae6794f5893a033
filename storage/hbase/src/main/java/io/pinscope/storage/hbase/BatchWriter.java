package io.pinscope.storage.hbase;

import io.pinscope.storage.hbase.HBaseStore.Family;
import io.pinscope.storage.spi.Mutation;
import io.pinscope.storage.spi.StorageException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.apache.hadoop.hbase.CompareOperator;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.CheckAndMutate;
import org.apache.hadoop.hbase.client.CheckAndMutateResult;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Increment;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Row;

/**
 * Applies a {@link io.pinscope.storage.spi.WriteBatch} to HBase; durable when {@link #write} returns, as
 * every operation has then been acknowledged by its region server (written to the region's write-ahead
 * log with HBase's default durability, {@code SYNC_WAL}).
 *
 * <p><b>Rounds.</b> HBase applies the operations of one multi-request in no defined order, while the SPI
 * applies a batch in order. The batch is therefore cut into rounds, a new round starting where a mutation
 * touches a cell an earlier mutation of the current round touched with another operation (a delete
 * followed by an increment of the same cell, as rebuilding statistics does). Within a round, writes to the
 * same cell are combined: puts keep the last value, increments add up, maxima keep the largest. Ingest
 * batches are one round.
 *
 * <p><b>Deletes</b> come first in a round. HBase masks every version of a cell up to a delete marker's
 * timestamp, including versions written later in the same millisecond; so the marker gets the timestamp of
 * the newest version read just before (what is there is deleted; a concurrent write after the read
 * survives, as if it came after the delete), and when that version is less than a few milliseconds old
 * the round waits (at most {@value #MAX_CLOCK_WAIT_MILLIS} ms) until the clock has passed it, so that a
 * following write of the same cell gets a later timestamp. Deletes are for maintenance (rebuilding
 * statistics), not ingest.
 *
 * <p><b>Per round</b>: puts of one row become one {@link Put}, counter additions one {@link Increment} per row (atomic on the region server, so collectors writing the
 * same counter add up; HBase's nonces keep a retried increment from counting twice). These are sent to all
 * tables at once ({@code batchAll} per table), the maxima are raised meanwhile, and all is awaited before
 * the next round (or the return).
 *
 * <p><b>Maxima.</b> HBase has no max-merge, so a max write is a compare-and-set loop on the cell, batched
 * over the round's max cells: read the cells; a cell already at or above the value needs nothing (maxima
 * only grow, so the write is linearized at that read); an absent cell is created with
 * {@code checkAndMutate(ifNotExists)}; a smaller one is raised with {@code checkAndMutate(GREATER)}, which
 * succeeds exactly when the stored value is still below ours (stored values are sign-flipped so that
 * HBase's unsigned byte comparison is signed order, see {@link CellValues}). Cells whose check failed
 * (another writer got there first) go round again; every failure means another writer changed the cell, so
 * the loop ends, and it is bounded at {@value #MAX_ATTEMPTS} rounds. Steady state (the slot's maximum is
 * not raised) costs one batched read; a read-modify-write without the check could lose a larger value
 * written concurrently by another collector, which the check rules out. The alternative, one candidate
 * cell per writer and the maximum taken at read time, would make every read of a max cell a scan of
 * candidates and leave the number of writers unbounded.
 */
final class BatchWriter {
  static final int MAX_ATTEMPTS = 32;
  static final long MAX_CLOCK_WAIT_MILLIS = 5;

  /** A cell a mutation targets, compared by content. */
  private record CellKey(String table, String family, ByteBuffer row, ByteBuffer qualifier) {
    static CellKey of(Mutation m) {
      return new CellKey(m.table(), m.family(), ByteBuffer.wrap(m.row()), ByteBuffer.wrap(m.qualifier()));
    }
  }

  /** The combined write of one cell in a round. */
  private static final class Pending {
    final Mutation.Op op;
    final Family family;
    final byte[] row;
    final byte[] qualifier;
    byte[] value;
    long amount;

    Pending(Mutation m, Family family) {
      this.op = m.op();
      this.family = family;
      this.row = m.row();
      this.qualifier = m.qualifier();
      this.value = m.value();
      this.amount = m.amount();
    }

    void combine(Mutation m) {
      switch (op) {
        case PUT -> value = m.value();
        case ADD -> amount += m.amount();
        case MAX -> amount = Math.max(amount, m.amount());
        case DELETE -> { } // deleting twice is deleting once
      }
    }
  }

  private final HBaseStore store;

  BatchWriter(HBaseStore store) {
    this.store = store;
  }

  void write(List<Mutation> mutations, Family[] targets) {
    Map<CellKey, Pending> round = new LinkedHashMap<>();
    for (int i = 0; i < mutations.size(); i++) {
      Mutation m = mutations.get(i);
      CellKey key = CellKey.of(m);
      Pending earlier = round.get(key);
      if (earlier != null && earlier.op != m.op()) {
        apply(round.values());
        round = new LinkedHashMap<>();
        earlier = null;
      }
      if (earlier == null) {
        round.put(key, new Pending(m, targets[i]));
      } else {
        earlier.combine(m);
      }
    }
    if (!round.isEmpty()) {
      apply(round.values());
    }
  }

  /** One round: the deletes, then puts and increments at once while the maxima are raised. */
  private void apply(Iterable<Pending> round) {
    List<Pending> deletes = new ArrayList<>();
    for (Pending p : round) {
      if (p.op == Mutation.Op.DELETE) {
        deletes.add(p);
      }
    }
    if (!deletes.isEmpty()) {
      delete(deletes);
    }
    Map<TableName, Map<ByteBuffer, Put>> puts = new LinkedHashMap<>();
    Map<TableName, Map<ByteBuffer, Increment>> increments = new LinkedHashMap<>();
    Map<TableName, Family> anyFamily = new LinkedHashMap<>();
    List<Pending> maxima = new ArrayList<>();
    for (Pending p : round) {
      TableName t = p.family.tableName();
      anyFamily.putIfAbsent(t, p.family);
      ByteBuffer row = ByteBuffer.wrap(p.row);
      switch (p.op) {
        case PUT -> puts.computeIfAbsent(t, k -> new LinkedHashMap<>())
            .computeIfAbsent(row, k -> new Put(p.row)).addColumn(p.family.nameBytes(), p.qualifier, p.value);
        case DELETE -> { } // done above
        case ADD -> increments.computeIfAbsent(t, k -> new LinkedHashMap<>())
            .computeIfAbsent(row, k -> new Increment(p.row).setReturnResults(false))
            .addColumn(p.family.nameBytes(), p.qualifier, p.amount);
        case MAX -> maxima.add(p);
      }
    }
    List<CompletableFuture<?>> sent = new ArrayList<>();
    for (Map.Entry<TableName, Family> e : anyFamily.entrySet()) {
      List<Row> actions = new ArrayList<>();
      actions.addAll(puts.getOrDefault(e.getKey(), Map.of()).values());
      actions.addAll(increments.getOrDefault(e.getKey(), Map.of()).values());
      if (!actions.isEmpty()) {
        sent.add(store.table(e.getValue()).batchAll(actions));
      }
    }
    // The maxima touch other cells than the rest of the round, so they go while the rest is under way.
    try {
      if (!maxima.isEmpty()) {
        raise(maxima);
      }
    } finally {
      if (!sent.isEmpty()) {
        store.await(CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)), "write");
      }
    }
  }

  /** Deletes what the cells hold now, with markers at their newest versions (see the class comment). */
  private void delete(List<Pending> deletes) {
    Map<TableName, List<Pending>> byTable = byTable(deletes);
    Map<TableName, List<Result>> current = read(byTable, "read before delete");
    List<CompletableFuture<?>> sent = new ArrayList<>();
    long newest = Long.MIN_VALUE;
    for (Map.Entry<TableName, List<Pending>> e : byTable.entrySet()) {
      Map<ByteBuffer, Delete> rows = new LinkedHashMap<>();
      List<Result> results = current.get(e.getKey());
      for (int i = 0; i < e.getValue().size(); i++) {
        Pending p = e.getValue().get(i);
        org.apache.hadoop.hbase.Cell cell = results.get(i).getColumnLatestCell(p.family.nameBytes(), p.qualifier);
        if (cell != null) {
          newest = Math.max(newest, cell.getTimestamp());
          rows.computeIfAbsent(ByteBuffer.wrap(p.row), k -> new Delete(p.row))
              .addColumns(p.family.nameBytes(), p.qualifier, cell.getTimestamp());
        }
      }
      if (!rows.isEmpty()) {
        sent.add(store.table(e.getValue().get(0).family).batchAll(new ArrayList<>(rows.values())));
      }
    }
    if (sent.isEmpty()) {
      return;
    }
    store.await(CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)), "delete");
    waitForClockPast(newest);
  }

  /** Waits until the wall clock is past {@code millis}, if that is at most a few milliseconds away. */
  private static void waitForClockPast(long millis) {
    long now = System.currentTimeMillis();
    if (millis < now || millis - now > MAX_CLOCK_WAIT_MILLIS) {
      return; // already past, or a clock too far apart for waiting to help
    }
    while (System.currentTimeMillis() <= millis) {
      LockSupport.parkNanos(100_000);
    }
  }

  private static Map<TableName, List<Pending>> byTable(List<Pending> cells) {
    Map<TableName, List<Pending>> byTable = new LinkedHashMap<>();
    cells.forEach(p -> byTable.computeIfAbsent(p.family.tableName(), k -> new ArrayList<>()).add(p));
    return byTable;
  }

  /** The current versions of the cells, per table, in the order of {@code byTable}'s lists. */
  private Map<TableName, List<Result>> read(Map<TableName, List<Pending>> byTable, String what) {
    Map<TableName, CompletableFuture<List<Result>>> reads = new LinkedHashMap<>();
    byTable.forEach((t, cells) -> reads.put(t, store.table(cells.get(0).family).getAll(
        cells.stream().map(p -> new Get(p.row).addColumn(p.family.nameBytes(), p.qualifier)).toList())));
    store.await(CompletableFuture.allOf(reads.values().toArray(CompletableFuture[]::new)), what);
    Map<TableName, List<Result>> results = new LinkedHashMap<>();
    reads.forEach((t, f) -> results.put(t, f.join()));
    return results;
  }

  /** The compare-and-set loop of the class comment. */
  private void raise(List<Pending> maxima) {
    List<Pending> pending = maxima;
    for (int attempt = 0; !pending.isEmpty(); attempt++) {
      if (attempt == MAX_ATTEMPTS) {
        throw new StorageException("raising " + pending.size() + " max cells gave up after " + MAX_ATTEMPTS
            + " contended rounds (expected: writers to settle; retry the batch)");
      }
      Map<TableName, List<Pending>> byTable = byTable(pending);
      Map<TableName, List<Result>> reads = read(byTable, "max read");

      List<Pending> checking = new ArrayList<>();
      Map<TableName, CompletableFuture<List<CheckAndMutateResult>>> checks = new LinkedHashMap<>();
      for (Map.Entry<TableName, List<Pending>> e : byTable.entrySet()) {
        List<Result> current = reads.get(e.getKey());
        List<CheckAndMutate> cas = new ArrayList<>();
        for (int i = 0; i < e.getValue().size(); i++) {
          Pending p = e.getValue().get(i);
          org.apache.hadoop.hbase.Cell cell = current.get(i).getColumnLatestCell(p.family.nameBytes(), p.qualifier);
          byte[] encoded = CellValues.encodeMax(p.amount);
          Put put = new Put(p.row).addColumn(p.family.nameBytes(), p.qualifier, encoded);
          if (cell == null) {
            cas.add(CheckAndMutate.newBuilder(p.row).ifNotExists(p.family.nameBytes(), p.qualifier).build(put));
          } else if (CellValues.decodeMax(org.apache.hadoop.hbase.CellUtil.cloneValue(cell)) < p.amount) {
            // Passes when our value is GREATER than the stored one at the time of the check.
            cas.add(CheckAndMutate.newBuilder(p.row)
                .ifMatches(p.family.nameBytes(), p.qualifier, CompareOperator.GREATER, encoded).build(put));
          } else {
            continue; // already at least our value
          }
          checking.add(p);
        }
        if (!cas.isEmpty()) {
          checks.put(e.getKey(), store.table(e.getValue().get(0).family).checkAndMutateAll(cas));
        }
      }
      if (checks.isEmpty()) {
        return;
      }
      store.await(CompletableFuture.allOf(checks.values().toArray(CompletableFuture[]::new)), "max write");
      List<Pending> failed = new ArrayList<>();
      int next = 0;
      for (CompletableFuture<List<CheckAndMutateResult>> results : checks.values()) {
        for (CheckAndMutateResult r : results.join()) {
          Pending p = checking.get(next++);
          if (!r.isSuccess()) {
            failed.add(p);
          }
        }
      }
      pending = failed;
    }
  }
}
