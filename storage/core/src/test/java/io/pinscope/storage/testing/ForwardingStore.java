package io.pinscope.storage.testing;

import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.Scan;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WideColumnStore} that hands every call to {@link #delegate()}; tests override the calls they change
 * (a store that fails its writes, one that asks for more salt buckets).
 */
public abstract class ForwardingStore implements WideColumnStore {
  private final WideColumnStore delegate;

  protected ForwardingStore(WideColumnStore delegate) {
    this.delegate = delegate;
  }

  /** The store every call goes to. */
  protected final WideColumnStore delegate() {
    return delegate;
  }

  @Override
  public String engineName() {
    return delegate.engineName();
  }

  @Override
  public int saltBuckets() {
    return delegate.saltBuckets();
  }

  @Override
  public void write(WriteBatch batch) {
    delegate.write(batch);
  }

  @Override
  public byte @Nullable [] get(String table, String family, byte[] row, byte[] qualifier) {
    return delegate.get(table, family, row, qualifier);
  }

  @Override
  public List<Cell> getRow(String table, String family, byte[] row) {
    return delegate.getRow(table, family, row);
  }

  @Override
  public List<Cell> scan(Scan scan) {
    return delegate.scan(scan);
  }

  @Override
  public void purgeExpired() {
    delegate.purgeExpired();
  }

  @Override
  public void compact() {
    delegate.compact();
  }

  @Override
  public void checkpoint(Path target) {
    delegate.checkpoint(target);
  }

  @Override
  public @Nullable String writeFault() {
    return delegate.writeFault();
  }

  @Override
  public long diskBytes() {
    return delegate.diskBytes();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
