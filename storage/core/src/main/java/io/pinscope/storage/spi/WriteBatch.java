package io.pinscope.storage.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Writes to apply together with {@link WideColumnStore#write(WriteBatch)}. Not thread-safe; build it in
 * one thread, then hand it over. Byte arrays are not copied: do not modify them after adding.
 */
public final class WriteBatch {
  private static final byte[] NO_VALUE = new byte[0];

  private final List<Mutation> mutations = new ArrayList<>();
  private long approximateBytes;

  /** Replaces the cell (table, family, row, qualifier) with {@code value}. */
  public WriteBatch put(String table, String family, byte[] row, byte[] qualifier, byte[] value) {
    return add(new Mutation(Mutation.Op.PUT, table, family, row, qualifier, value, 0));
  }

  /** Adds {@code delta} to a counter cell. */
  public WriteBatch increment(String table, String family, byte[] row, byte[] qualifier, long delta) {
    return add(new Mutation(Mutation.Op.ADD, table, family, row, qualifier, NO_VALUE, delta));
  }

  /** Raises a max cell to at least {@code value}. */
  public WriteBatch max(String table, String family, byte[] row, byte[] qualifier, long value) {
    return add(new Mutation(Mutation.Op.MAX, table, family, row, qualifier, NO_VALUE, value));
  }

  /** Removes the cell (table, family, row, qualifier), whatever its kind; absent cells are fine. */
  public WriteBatch delete(String table, String family, byte[] row, byte[] qualifier) {
    return add(new Mutation(Mutation.Op.DELETE, table, family, row, qualifier, NO_VALUE, 0));
  }

  private WriteBatch add(Mutation m) {
    mutations.add(m);
    approximateBytes += m.row().length + m.qualifier().length + m.value().length + 8;
    return this;
  }

  /** The writes in the order they were added. */
  public List<Mutation> mutations() {
    return Collections.unmodifiableList(mutations);
  }

  /** Number of writes. */
  public int size() {
    return mutations.size();
  }

  /** True when nothing was added. */
  public boolean isEmpty() {
    return mutations.isEmpty();
  }

  /** Sum of key and value bytes, a hint for batching. */
  public long approximateBytes() {
    return approximateBytes;
  }
}
