package io.pinscope.storage;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The storage module's configuration. Defaults: engine {@code rocksdb}, no data directory (required by
 * rocksdb), {@link Retention#DEFAULTS}, no engine options, the UTC system clock.
 */
public record StorageConfig(String engine, @Nullable Path dataDirectory, Retention retention,
    Map<String, String> engineOptions, Clock clock) {
  /** The default engine. */
  public static final String DEFAULT_ENGINE = "rocksdb";

  public StorageConfig {
    requireNonNull(engine, "engine");
    requireNonNull(retention, "retention");
    requireNonNull(clock, "clock");
    engineOptions = Map.copyOf(engineOptions);
  }

  /** A builder with the documented defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link StorageConfig}. */
  public static final class Builder {
    private String engine = DEFAULT_ENGINE;
    private @Nullable Path dataDirectory;
    private Retention retention = Retention.DEFAULTS;
    private final Map<String, String> engineOptions = new HashMap<>();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The engine name: {@code memory} or {@code rocksdb} (default). */
    public Builder engine(String engine) {
      this.engine = requireNonNull(engine, "engine");
      return this;
    }

    /** Where engines that persist keep their files. */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory");
      return this;
    }

    public Builder retention(Retention retention) {
      this.retention = requireNonNull(retention, "retention");
      return this;
    }

    /** An engine-specific option, such as {@code rocksdb.sync=true}. */
    public Builder engineOption(String key, String value) {
      engineOptions.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
      return this;
    }

    /** The clock for TTL and first/last-seen times (tests inject one). */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    public StorageConfig build() {
      return new StorageConfig(engine, dataDirectory, retention, engineOptions, clock);
    }
  }
}
