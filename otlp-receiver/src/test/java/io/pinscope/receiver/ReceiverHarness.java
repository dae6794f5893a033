package io.pinscope.receiver;

import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A receiver on a free loopback port over a fresh store, for tests. One port serves OTLP/gRPC and
 * OTLP/HTTP. Close it to stop the server, drain the receiver and close the store.
 */
public final class ReceiverHarness implements AutoCloseable {
  private final Storage storage;
  private final OtlpReceiver receiver;
  private final ReceiverMetrics metrics = new ReceiverMetrics();
  private final Server server;

  private ReceiverHarness(StorageConfig storageConfig, ReceiverConfig config, Clock clock) {
    storage = Storage.open(storageConfig);
    receiver = OtlpReceiver.start(config, storage, metrics, clock);
    ServerBuilder sb = Server.builder().port(new InetSocketAddress("127.0.0.1", 0), SessionProtocol.HTTP);
    receiver.configure(sb);
    server = sb.build();
    server.start().join();
  }

  /** A receiver over the memory engine. */
  public static ReceiverHarness memory(ReceiverConfig config) {
    return memory(config, Clock.systemUTC());
  }

  /**
   * A receiver over the memory engine whose pairing windows run on {@code clock} (statistics are flushed
   * every second on the wall clock as well; call {@link OtlpReceiver#flushStatistics()} after moving the
   * clock).
   */
  public static ReceiverHarness memory(ReceiverConfig config, Clock clock) {
    return new ReceiverHarness(StorageConfig.builder().engine("memory").build(), config, clock);
  }

  /** A receiver over the rocksdb engine in {@code dir}. */
  public static ReceiverHarness rocksdb(Path dir, ReceiverConfig config) {
    return new ReceiverHarness(StorageConfig.builder().engine("rocksdb").dataDirectory(dir).build(), config,
        Clock.systemUTC());
  }

  /** A receiver over the store {@code storageConfig} opens, with storage faults timed on {@code clock}. */
  public static ReceiverHarness open(StorageConfig storageConfig, ReceiverConfig config, Clock clock) {
    return new ReceiverHarness(storageConfig, config, clock);
  }

  /** Test defaults: loopback, two workers, pairing on. */
  public static ReceiverConfig.Builder config() {
    return ReceiverConfig.builder().bindAddress("127.0.0.1").grpcPort(0).httpPort(0).workerThreads(2);
  }

  public int port() {
    return server.activeLocalPort();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  public Storage storage() {
    return storage;
  }

  public OtlpReceiver receiver() {
    return receiver;
  }

  public ReceiverMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    server.stop().join();
    receiver.close();
    storage.close();
  }
}
