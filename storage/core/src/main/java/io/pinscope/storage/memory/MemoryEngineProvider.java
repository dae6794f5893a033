package io.pinscope.storage.memory;

import io.pinscope.storage.spi.EngineConfig;
import io.pinscope.storage.spi.StorageEngineProvider;
import io.pinscope.storage.spi.TableSpec;
import io.pinscope.storage.spi.WideColumnStore;
import java.util.List;

/** Provides the {@code memory} engine, bounded by the {@link MemoryLimits} its options give. */
public final class MemoryEngineProvider implements StorageEngineProvider {
  @Override
  public String name() {
    return "memory";
  }

  @Override
  public WideColumnStore open(EngineConfig config, List<TableSpec> tables) {
    return new MemoryStore(tables, config.clock(), MemoryLimits.of(config));
  }
}
