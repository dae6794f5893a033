package io.pinscope.storage.spi;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an engine is opened with: the data directory (null for engines that need none), engine-specific
 * options (for example {@code rocksdb.sync=true}) and the clock used for TTL.
 */
public record EngineConfig(@Nullable Path dataDirectory, Map<String, String> options, Clock clock) {
  public EngineConfig {
    options = Map.copyOf(options);
    requireNonNull(clock, "clock");
  }

  /** An option's value, or {@code defaultValue}. */
  public String option(String key, String defaultValue) {
    return options.getOrDefault(key, defaultValue);
  }

  /** The data directory; fails with a clear message when the engine needs one and none was set. */
  public Path requireDataDirectory(String engine) {
    if (dataDirectory == null) {
      throw new StorageException(
          "storage engine " + engine + " needs a data directory (set --data-dir or PINSCOPE_DATA_DIR)");
    }
    return dataDirectory;
  }
}
