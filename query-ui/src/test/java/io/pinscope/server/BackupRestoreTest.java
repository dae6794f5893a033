package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.FreePorts;
import io.pinscope.model.TraceId;
import io.pinscope.servermap.StatisticsRebuild;
import io.pinscope.storage.ScatterIndex;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pinscope backup --server} under load, then {@code pinscope restore}: the restored store answers the same
 * trace, scatter and map queries as the source did at the checkpoint.
 */
class BackupRestoreTest {
  private static final Duration WINDOW = Duration.ofMinutes(30);

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void backupUnderLoad_restoresToAStoreAnsweringTheSameTraceAndMapQueries() throws Exception {
    Path source = dir.resolve("source");
    Path backup = dir.resolve("backups").resolve("first");
    Path restored = dir.resolve("restored");
    long from = System.currentTimeMillis() - WINDOW.toMillis();
    int[] ports = FreePorts.of(3);
    Set<TraceId> acknowledgedBefore;
    Set<TraceId> sentAfter;
    Set<TraceId> sentAtEnd;
    try (PinscopeServer server = start(source, ports)) {
      OtlpLoad load = OtlpLoad.start(ports[1], 4);
      try {
        pollUntil(() -> load.acknowledged().size() >= 1_000, "1,000 traces acknowledged before the backup");
        acknowledgedBefore = load.acknowledged();
        int code = BackupCommand.run(BackupCommand.parse(new String[] {"--to", backup.toString(), "--server",
            "http://127.0.0.1:" + ports[2]}, Map.of()), print(out), print(err));
        assertThat(code).as("backup exit code; stderr: %s", err).isZero();
        sentAfter = load.sent();
        pollUntil(() -> load.acknowledged().size() >= sentAfter.size() + 500, "ingest going on after the backup");
      } finally {
        load.close();
      }
      sentAtEnd = load.sent();
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"files\"");

    assertThat(RestoreCommand.run(RestoreCommand.parse(new String[] {"--from", backup.toString(), "--data-dir",
        restored.toString()}), print(out), print(err))).as("restore exit code; stderr: %s", err).isZero();
    // A server on the copy rebuilds the statistics the checkpoint had not flushed yet.
    try (PinscopeServer onCopy = start(restored, FreePorts.of(3))) {
      assertThat(onCopy.storage().store().engineName()).isEqualTo("rocksdb");
    }

    try (Storage original = open(source); Storage copy = open(restored)) {
      Set<TraceId> inCopy = sentAfter.stream().filter(t -> !copy.traces().find(t).spans().isEmpty())
          .collect(Collectors.toSet());
      assertThat(inCopy).as("every trace acknowledged before the backup began").containsAll(acknowledgedBefore);
      assertThat(sentAtEnd.stream().filter(t -> !copy.traces().find(t).spans().isEmpty()).count())
          .as("traces sent after the backup returned are not in it").isEqualTo(inCopy.size());
      assertThat(inCopy.size()).as("the checkpoint is not the final state").isLessThan(sentAtEnd.size());
      for (TraceId t : inCopy) {
        assertThat(copy.traces().find(t)).as("trace %s", t).isEqualTo(original.traces().find(t));
      }
      assertThat(dots(copy, from)).as("scatter dots").isEqualTo(inCopy.size());
      assertThat(selfCalls(copy, from)).as("entry spans on the map").isEqualTo(inCopy.size());
      assertThat(mapDifferences(copy, from)).as("the whole map against one rebuilt from the restored traces")
          .isEmpty();
    }
  }

  @Test
  void restore_refusesANonEmptyTarget_unlessForced() throws Exception {
    Path source = dir.resolve("source");
    Path backup = dir.resolve("backup");
    try (PinscopeServer server = start(source, FreePorts.of(3))) {
      assertThat(BackupCommand.run(BackupCommand.parse(new String[] {"--to", backup.toString(), "--server",
          "http://127.0.0.1:" + server.ports()[2]}, Map.of()), print(out), print(err))).isZero();
      assertThat(BackupCommand.run(BackupCommand.parse(new String[] {"--to", backup.toString(), "--server",
          "http://127.0.0.1:" + server.ports()[2]}, Map.of()), print(out), print(err))).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("400", "is not empty");
    }
    Path target = Files.createDirectories(dir.resolve("target"));
    Files.writeString(target.resolve("keep.txt"), "x");

    assertThat(RestoreCommand.run(RestoreCommand.parse(new String[] {"--from", backup.toString(), "--data-dir",
        target.toString()}), print(out), print(err))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not empty", "--force");
    assertThat(target.resolve("keep.txt")).exists();

    assertThat(RestoreCommand.run(RestoreCommand.parse(new String[] {"--from", backup.toString(), "--data-dir",
        target.toString(), "--force"}), print(out), print(err))).isZero();
    assertThat(target.resolve("keep.txt")).doesNotExist();
    assertThat(target.resolve("CURRENT")).exists();
    assertThat(RestoreCommand.run(RestoreCommand.parse(new String[] {"--from", target.resolve("keep.txt")
        .toString(), "--data-dir", dir.resolve("other").toString()}), print(out), print(err))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a backup");
  }

  @Test
  void offlineBackup_ofAStoppedServersDirectory_andTheMemoryEngineRefused() throws Exception {
    Path source = dir.resolve("source");
    Set<TraceId> acknowledged;
    try (PinscopeServer server = start(source, FreePorts.of(3)); OtlpLoad load = OtlpLoad.start(server.ports()[1],
        1)) {
      pollUntil(() -> load.acknowledged().size() >= 50, "50 traces acknowledged");
      load.close();
      acknowledged = load.acknowledged();
    }
    Path backup = dir.resolve("offline");
    assertThat(BackupCommand.run(BackupCommand.parse(new String[] {"--to", backup.toString(), "--data-dir",
        source.toString()}, Map.of()), print(out), print(err))).as("stderr: %s", err).isZero();
    assertThat(Files.readString(backup.resolve(StatisticsRecovery.FILE))).as("a clean stop's state")
        .startsWith("stopped ");
    Path restored = dir.resolve("restored");
    assertThat(RestoreCommand.run(RestoreCommand.parse(new String[] {"--from", backup.toString(), "--data-dir",
        restored.toString()}), print(out), print(err))).isZero();
    try (Storage original = open(source); Storage copy = open(restored)) {
      for (TraceId t : acknowledged) {
        assertThat(copy.traces().find(t).spans()).isNotEmpty().isEqualTo(original.traces().find(t).spans());
      }
      assertThat(selfCalls(copy, System.currentTimeMillis() - WINDOW.toMillis()))
          .isEqualTo(selfCalls(original, System.currentTimeMillis() - WINDOW.toMillis()));
    }

    try (PinscopeServer memory = PinscopeServer.start(ServerConfig.parse(new String[] {"--storage", "memory",
        "--bind", "127.0.0.1", "--grpc-port", "0", "--http-port", "0", "--query-port", "0"}, Map.of()))) {
      assertThat(BackupCommand.run(BackupCommand.parse(new String[] {"--to", dir.resolve("m").toString(),
          "--server", "http://127.0.0.1:" + memory.ports()[2]}, Map.of()), print(out), print(err))).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("400", "memory engine cannot take checkpoints");
    }
  }

  private static PinscopeServer start(Path data, int[] ports) {
    return PinscopeServer.start(ServerConfig.parse(new String[] {"--data-dir", data.toString(), "--bind",
        "127.0.0.1", "--grpc-port", "" + ports[0], "--http-port", "" + ports[1], "--query-port", "" + ports[2],
        "--alarms", "false"}, Map.of()));
  }

  private static Storage open(Path data) {
    return Storage.open(StorageConfig.builder().engine("rocksdb").dataDirectory(data).build());
  }

  private static PrintStream print(ByteArrayOutputStream to) {
    return new PrintStream(to, true, StandardCharsets.UTF_8);
  }

  private static void pollUntil(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as(what + " before the poll deadline").isTrue();
      Thread.sleep(20); // polling interval
    }
  }

  private static long dots(Storage storage, long from) {
    long n = 0;
    String cursor = null;
    ScatterIndex.ScatterPage page;
    do {
      page = storage.scatter().scan(new ScatterIndex.ScatterQuery(OtlpLoad.APPLICATION, from,
          from + 2 * WINDOW.toMillis(), ScatterIndex.MAX_LIMIT, cursor));
      n += page.dots().size();
      cursor = page.next();
    } while (!page.complete());
    return n;
  }

  static long selfCalls(Storage storage, long from) {
    return storage.statistics().readSelf(OtlpLoad.APPLICATION, from, from + 2 * WINDOW.toMillis()).stream()
        .mapToLong(v -> v.histogram().totalCount()).sum();
  }

  /** How the stored map differs from one rebuilt from the stored traces ({@link StatisticsRebuild}). */
  static List<String> mapDifferences(Storage storage, long from) {
    StatisticsRebuild rebuild = StatisticsRebuild.of(storage, from, from + 2 * WINDOW.toMillis(), null);
    return StatisticsRebuild.mapDifferences(rebuild.stored(), rebuild.compute((traces, spans) -> { }).toBatch());
  }
}
