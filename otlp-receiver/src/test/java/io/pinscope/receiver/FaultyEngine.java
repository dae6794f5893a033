package io.pinscope.receiver;

import io.pinscope.storage.memory.MemoryEngineProvider;
import io.pinscope.storage.spi.EngineConfig;
import io.pinscope.storage.spi.StorageEngineProvider;
import io.pinscope.storage.spi.TableSpec;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import io.pinscope.storage.testing.ForwardingStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@code faulty} engine for tests: the memory engine whose writes throw what {@link #failWith} says
 * until {@link #heal}, as an engine refusing writes does (at once, writing nothing). Instances are found
 * by the engine option {@code faulty-id}.
 */
public final class FaultyEngine implements StorageEngineProvider {
  private static final Map<String, Store> STORES = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "faulty";
  }

  @Override
  public WideColumnStore open(EngineConfig config, List<TableSpec> tables) {
    String id = config.options().getOrDefault("faulty-id", "default");
    Store store = new Store(new MemoryEngineProvider().open(config, tables));
    STORES.put(id, store);
    return store;
  }

  /** The store opened with {@code faulty-id = id}. */
  public static Store store(String id) {
    Store s = STORES.get(id);
    if (s == null) {
      throw new IllegalStateException("faulty-id: " + id + " (expected one of " + STORES.keySet() + ")");
    }
    return s;
  }

  /** Delegates to a memory store; writes throw while a failure is set. */
  public static final class Store extends ForwardingStore {
    private final AtomicReference<@Nullable Supplier<RuntimeException>> failure = new AtomicReference<>();
    private final AtomicLong attemptedWrites = new AtomicLong();

    Store(WideColumnStore delegate) {
      super(delegate);
    }

    public void failWith(Supplier<RuntimeException> f) {
      failure.set(f);
    }

    public void heal() {
      failure.set(null);
    }

    private volatile boolean tellsFault;

    /** Whether {@link #writeFault()} tells the failure (as rocksdb does on a full disk) or, by default, not. */
    public void tellsFault(boolean tells) {
      tellsFault = tells;
    }

    @Override
    public @Nullable String writeFault() {
      return tellsFault && failure.get() != null ? "disk full" : null;
    }

    /** Writes tried, failed or not. */
    public long attemptedWrites() {
      return attemptedWrites.get();
    }

    @Override
    public void write(WriteBatch batch) {
      attemptedWrites.incrementAndGet();
      Supplier<RuntimeException> f = failure.get();
      if (f != null) {
        throw f.get();
      }
      super.write(batch);
    }

    @Override
    public String engineName() {
      return "faulty";
    }
  }
}
