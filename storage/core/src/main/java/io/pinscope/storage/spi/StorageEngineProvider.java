package io.pinscope.storage.spi;

import java.util.List;

/**
 * Creates a {@link WideColumnStore} for an engine name. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.pinscope.storage.spi.StorageEngineProvider}).
 */
public interface StorageEngineProvider {
  /** The name users choose the engine by ({@code memory}, {@code rocksdb}, {@code hbase}). */
  String name();

  /**
   * Opens (creating when missing) a store holding the given tables. Tables already present keep their
   * data; TTLs and families follow {@code tables}.
   *
   * @throws StorageException when the store cannot be opened, with a message naming the fix
   */
  WideColumnStore open(EngineConfig config, List<TableSpec> tables);
}
