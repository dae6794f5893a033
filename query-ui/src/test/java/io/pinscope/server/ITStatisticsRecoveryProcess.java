package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.FreePorts;
import io.pinscope.model.TraceId;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 under load loses no server-map counts: the statistics aggregated but not yet written when the process
 * died are rebuilt from the stored spans at the next start ({@link StatisticsRecovery}).
 */
class ITStatisticsRecoveryProcess {
  private static final Duration WINDOW = Duration.ofMinutes(30);

  @TempDir
  Path dir;

  @Test
  void kill9UnderLoad_restart_mapCountsEqualTheStoredTraces_everyAcknowledgedOneAmongThem() throws Exception {
    Path data = dir.resolve("data");
    int[] ports = FreePorts.of(3);
    long from = System.currentTimeMillis() - WINDOW.toMillis();
    Set<TraceId> sent;
    Set<TraceId> acknowledged;
    try (ServerProcess servers = new ServerProcess(dir)) {
      ServerProcess.Running first = servers.start(data, ports);
      OtlpLoad load = OtlpLoad.start(ports[1], 4);
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (load.acknowledged().size() < 3_000 && System.nanoTime() < deadline) {
        Thread.sleep(20); // polling the senders' progress
      }
      first.kill9(); // while the senders are still sending
      load.close();
      sent = load.sent();
      acknowledged = load.acknowledged();
      assertThat(acknowledged).hasSizeGreaterThan(100);

      long lostBefore;
      try (Storage storage = open(data)) {
        lostBefore = stored(storage, sent).size() - selfCalls(storage, from);
      }
      // The crash lost the statistics of the spans accepted since the last flush: what the recovery restores.
      assertThat(lostBefore).as("map counts missing right after kill -9").isPositive();

      ServerProcess.Running second = servers.start(data, ports);
      assertThat(second.output()).contains("rebuilding the server-map statistics");
      second.stop();
    }

    try (Storage storage = open(data)) {
      Set<TraceId> stored = stored(storage, sent);
      assertThat(stored).containsAll(acknowledged);
      assertThat(selfCalls(storage, from)).as("entry spans counted on the map").isEqualTo(stored.size());
      assertThat(BackupRestoreTest.mapDifferences(storage, from)).as("the whole map against one rebuilt from the "
          + "stored traces").isEmpty();
    }
  }

  private static Storage open(Path data) {
    return Storage.open(StorageConfig.builder().engine("rocksdb").dataDirectory(data).build());
  }

  private static Set<TraceId> stored(Storage storage, Set<TraceId> sent) {
    return sent.stream().filter(t -> !storage.traces().find(t).spans().isEmpty()).collect(Collectors.toSet());
  }

  private static long selfCalls(Storage storage, long from) {
    return BackupRestoreTest.selfCalls(storage, from);
  }
}
