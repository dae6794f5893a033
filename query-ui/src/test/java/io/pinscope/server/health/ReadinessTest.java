package io.pinscope.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.receiver.IngestLoad;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness over a real (memory) store: ready with every check's detail; not ready, with a client-safe
 * reason, when the data disk has less free space than asked or the ingest queue or budget is full. The
 * storage-fault check ({@code WideColumnStore#writeFault}) on a really full disk is proven by
 * {@code ITDiskFullProcess}.
 */
class ReadinessTest {
  @TempDir Path dir;

  @Test
  void ready_withEveryCheck() throws Exception {
    try (Storage storage = Storage.open(StorageConfig.builder().engine("memory").build())) {
      Readiness readiness = new Readiness(storage, dir, 1 << 20, () -> new IngestLoad(0, 10, 0, 100));
      ReadinessReport report = readiness.check();
      assertThat(report.ready()).as("%s", report).isTrue();
      assertThat(report.reason()).isEmpty();
      assertThat(report.checks()).containsEntry("storage", "memory").containsEntry("storageWritable", true)
          .containsEntry("storageReadable", true).containsEntry("minFreeDiskMib", 1L)
          .containsEntry("ingestQueued", 0).containsEntry("ingestQueueCapacity", 10)
          .containsKey("freeDiskMib");
    }
  }

  @Test
  void notReady_whenTheDataDiskHasLessFreeSpaceThanAsked() throws Exception {
    long free = Files.getFileStore(dir).getUsableSpace();
    try (Storage storage = Storage.open(StorageConfig.builder().engine("memory").build())) {
      ReadinessReport report = new Readiness(storage, dir, free + (1L << 40), () -> null).check();
      assertThat(report.ready()).isFalse();
      assertThat(report.reason()).startsWith("data disk has ").contains("MiB free (expected: at least ")
          .doesNotContain(dir.toString());
      assertThat(report.checks()).doesNotContainKey("ingestQueued");
    }
  }

  @Test
  void notReady_whileIngestIsSaturated_readyAgainAfter() throws Exception {
    AtomicReference<IngestLoad> load = new AtomicReference<>(new IngestLoad(10, 10, 5, 100));
    try (Storage storage = Storage.open(StorageConfig.builder().engine("memory").build())) {
      Readiness readiness = new Readiness(storage, null, 0, load::get);
      assertThat(readiness.check().reason()).isEqualTo("ingest saturated");
      load.set(new IngestLoad(0, 10, 100, 100));
      assertThat(readiness.check().reason()).as("budget full").isEqualTo("ingest saturated");
      load.set(new IngestLoad(3, 10, 99, 100));
      assertThat(readiness.check().ready()).isTrue();
      assertThat(readiness.check().checks()).doesNotContainKey("freeDiskMib");
    }
  }

  @Test
  void rejectsANegativeThreshold() throws Exception {
    try (Storage storage = Storage.open(StorageConfig.builder().engine("memory").build())) {
      assertThatThrownBy(() -> new Readiness(storage, dir, -1, () -> null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("minFreeDiskBytes: -1 (expected: >= 0)");
    }
  }
}
