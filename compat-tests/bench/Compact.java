import io.pinscope.server.ServerConfig;
import io.pinscope.storage.Storage;
import java.util.Map;

/**
 * Compacts a stopped Pinscope's RocksDB data directory completely, so that the benchmark can report bytes per
 * span after compaction (the server has no compaction endpoint). Runs from a distribution without a build:
 * {@code java -cp "$PINSCOPE_HOME/pinscope.jar:$PINSCOPE_HOME/lib/*" Compact.java --data-dir DIR}; takes the
 * server's own flags (the storage options must be those the data was written with). Opens the store as the
 * server does and calls {@code purgeExpired()}, which compacts every family with a TTL (every table of the
 * default retention) with the store's own merge operators and TTL rules.
 */
public final class Compact {
  public static void main(String[] args) {
    ServerConfig config = ServerConfig.parse(args, Map.of());
    long t0 = System.nanoTime();
    try (Storage storage = Storage.open(config.storage())) {
      storage.store().purgeExpired();
    }
    System.out.printf("compacted in %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }
}
