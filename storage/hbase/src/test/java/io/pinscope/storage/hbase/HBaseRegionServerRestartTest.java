package io.pinscope.storage.hbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.storage.spi.CellKind;
import io.pinscope.storage.spi.EngineConfig;
import io.pinscope.storage.spi.FamilySpec;
import io.pinscope.storage.spi.Longs;
import io.pinscope.storage.spi.StorageException;
import io.pinscope.storage.spi.TableSpec;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hbase.MiniHBaseCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The region server stopped under an open store: writes fail with a {@link StorageException} (the receiver
 * answers 503) within the bounded timeouts instead of hanging, acknowledged writes survive, and the same
 * store writes again once a region server is back, without being reopened.
 */
@ExtendWith(MiniHBase.class)
class HBaseRegionServerRestartTest {
  private static final TableSpec STATS = new TableSpec("stats",
      List.of(new FamilySpec("b", CellKind.BYTES), new FamilySpec("c", CellKind.COUNTER)), Duration.ZERO);
  private static final Duration RECOVERY_DEADLINE = Duration.ofMinutes(3);

  @Test
  void writesFail_whileTheRegionServerIsDown_andResumeAfterItRestarts() throws Exception {
    Map<String, String> options = new HashMap<>(MiniHBase.options(MiniHBase.newNamespace()));
    options.put(HBaseSettings.OPERATION_TIMEOUT_MS, "2000");
    options.put(HBaseSettings.RPC_TIMEOUT_MS, "1000");
    options.put(HBaseSettings.RETRIES, "2");
    MiniHBaseCluster hbase = MiniHBase.cluster().util.getMiniHBaseCluster();
    try (WideColumnStore store =
        new HBaseEngineProvider().open(new EngineConfig(null, options, Clock.systemUTC()), List.of(STATS))) {
      store.write(new WriteBatch().put("stats", "b", b("r"), b("q"), b("acknowledged")).increment("stats", "c", b("r"), b("q"), 5));

      hbase.stopRegionServer(0);
      hbase.waitOnRegionServer(0);
      assertThatThrownBy(() -> store.write(new WriteBatch().increment("stats", "c", b("r"), b("q"), 1)))
          .isInstanceOf(StorageException.class).hasMessageContaining("write at HBase");

      hbase.startRegionServer();
      long deadline = System.nanoTime() + RECOVERY_DEADLINE.toNanos();
      StorageException last = null;
      boolean written = false;
      while (!written && System.nanoTime() < deadline) {
        try {
          store.write(new WriteBatch().increment("stats", "c", b("r"), b("after"), 1));
          written = true;
        } catch (StorageException e) {
          last = e; // regions still being reassigned; the failed call took its timeout, so try again
        }
      }
      assertThat(written).as("a write within %s of the restart (last failure: %s)", RECOVERY_DEADLINE, last).isTrue();
      assertThat(store.get("stats", "b", b("r"), b("q"))).isEqualTo(b("acknowledged"));
      assertThat(Longs.fromBytes(store.get("stats", "c", b("r"), b("after")))).isEqualTo(1);
      long counter = Longs.fromBytes(store.get("stats", "c", b("r"), b("q")));
      assertThat(counter).as("the acknowledged 5, and the failed +1 if it reached the server after all").isIn(5L, 6L);
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
