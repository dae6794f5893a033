package io.pinscope.storage;

import static java.util.Objects.requireNonNull;

import io.pinscope.storage.schema.Schema;
import io.pinscope.storage.spi.EngineConfig;
import io.pinscope.storage.spi.StorageEngineProvider;
import io.pinscope.storage.spi.WideColumnStore;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The storage component: an engine chosen by name plus the repositories written over it. Thread-safe;
 * close it once when done (repositories fail with {@link IllegalStateException} afterwards).
 */
public final class Storage implements AutoCloseable {
  private final WideColumnStore store;
  private final Schema schema;

  private Storage(WideColumnStore store, Schema schema) {
    this.store = store;
    this.schema = schema;
  }

  /**
   * Opens the configured engine, creating its tables when missing.
   *
   * @throws IllegalArgumentException when no engine has the configured name (the message lists them)
   */
  public static Storage open(StorageConfig config) {
    requireNonNull(config, "config");
    StorageEngineProvider provider = provider(config.engine());
    WideColumnStore store = provider.open(
        new EngineConfig(config.dataDirectory(), config.engineOptions(), config.clock()),
        Schema.tables(config.retention()));
    return new Storage(store, new Schema(store));
  }

  /** The names of the engines on the class path. */
  public static List<String> engineNames() {
    List<String> names = new ArrayList<>();
    for (StorageEngineProvider p : ServiceLoader.load(StorageEngineProvider.class)) {
      names.add(p.name());
    }
    return names;
  }

  private static StorageEngineProvider provider(String name) {
    for (StorageEngineProvider p : ServiceLoader.load(StorageEngineProvider.class)) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "storage engine: " + name + " (expected one of " + engineNames() + ")");
  }

  public TraceRepository traces() {
    return schema.traces();
  }

  public ScatterIndex scatter() {
    return schema.scatter();
  }

  public MapStatistics statistics() {
    return schema.statistics();
  }

  public ApplicationRegistry applications() {
    return schema.applications();
  }

  public AgentMetrics metrics() {
    return schema.metrics();
  }

  public LogRepository logs() {
    return schema.logs();
  }

  /** The engine underneath, for maintenance ({@link WideColumnStore#purgeExpired()}) and disk usage. */
  public WideColumnStore store() {
    return store;
  }

  @Override
  public void close() {
    store.close();
  }
}
