package io.pinscope.storage.hbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.FreePorts;
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
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the compliance suite does not cover: the schema check, codec fallback and a cluster that is not there. */
@ExtendWith(MiniHBase.class)
class HBaseStoreTest {
  private static final TableSpec STATS = new TableSpec("stats",
      List.of(new FamilySpec("c", CellKind.COUNTER), new FamilySpec("m", CellKind.MAX)), Duration.ofDays(1));
  private static final TableSpec SPANS = new TableSpec("spans", List.of(new FamilySpec("s", CellKind.BYTES)),
      Duration.ZERO);

  private final String namespace = MiniHBase.newNamespace();

  private WideColumnStore open(Map<String, String> overrides, List<TableSpec> tables) {
    Map<String, String> options = new HashMap<>(MiniHBase.options(namespace));
    options.putAll(overrides);
    return new HBaseEngineProvider().open(new EngineConfig(null, options, Clock.systemUTC()), tables);
  }

  @Test
  void withoutCreateTables_missingTablesFailTheOpen_listingThem() {
    assertThatThrownBy(() -> open(Map.of(HBaseSettings.CREATE_TABLES, "false"), List.of(STATS, SPANS)))
        .isInstanceOf(StorageException.class)
        .hasMessageContainingAll("namespace " + namespace + " missing", "stats: table missing",
            "spans: table missing", "--create-tables", "pinscope hbase-schema");
  }

  @Test
  void tablesCreatedOnce_openWithoutCreateTables_andMismatchesAreListed() {
    try (WideColumnStore store = open(Map.of(), List.of(STATS))) {
      store.write(new WriteBatch().increment("stats", "c", b("r"), b("q"), 3).max("stats", "m", b("r"), b("q"), -2));
    }
    try (WideColumnStore store = open(Map.of(HBaseSettings.CREATE_TABLES, "false"), List.of(STATS))) {
      assertThat(Longs.fromBytes(store.get("stats", "c", b("r"), b("q")))).isEqualTo(3);
      assertThat(Longs.fromBytes(store.get("stats", "m", b("r"), b("q")))).isEqualTo(-2);
    }

    TableSpec longer = new TableSpec("stats", List.of(new FamilySpec("c", CellKind.COUNTER),
        new FamilySpec("m", CellKind.MAX), new FamilySpec("x", CellKind.BYTES)), Duration.ofDays(2));
    assertThatThrownBy(() -> open(Map.of(HBaseSettings.CREATE_TABLES, "false"), List.of(longer)))
        .isInstanceOf(StorageException.class)
        .hasMessageContainingAll("stats:c: TTL 86400 s (expected: 172800 s)", "stats:x: family missing");
    try (WideColumnStore store = open(Map.of(), List.of(longer))) {
      assertThat(Longs.fromBytes(store.get("stats", "c", b("r"), b("q")))).as("kept across the alter").isEqualTo(3);
    }
    open(Map.of(HBaseSettings.CREATE_TABLES, "false"), List.of(longer)).close();

    TableSpec retyped = new TableSpec("stats", List.of(new FamilySpec("c", CellKind.BYTES)), Duration.ofDays(2));
    assertThatThrownBy(() -> open(Map.of(), List.of(retyped)))
        .as("even with create-tables").isInstanceOf(StorageException.class)
        .hasMessageContaining("stats:c: holds COUNTER cells (expected: BYTES");
  }

  @Test
  void missingCodec_fallsBackToGz_orUsesTheCodecWhereItWorks() throws Exception {
    try (WideColumnStore store = open(Map.of(HBaseSettings.COMPRESSION, "zstd"), List.of(SPANS))) {
      Compression.Algorithm used = ((HBaseStore) store).compression();
      assertThat(used).isIn(Compression.Algorithm.ZSTD, Compression.Algorithm.GZ);
      TableDescriptor d = MiniHBase.cluster().connection.getAdmin()
          .getDescriptor(TableName.valueOf(namespace, "spans")).get();
      assertThat(d.getColumnFamily(b("s")).getCompressionType()).isEqualTo(used);
      store.write(new WriteBatch().put("spans", "s", b("r"), b("q"), b("v")));
      assertThat(store.get("spans", "s", b("r"), b("q"))).isEqualTo(b("v"));
    }
  }

  @Test
  void noClusterThere_failsTheOpenWithAStorageException() {
    int closedPort = FreePorts.of(1)[0];
    assertThatThrownBy(() -> open(Map.of(HBaseSettings.ZOOKEEPER_PORT, Integer.toString(closedPort),
        HBaseSettings.OPERATION_TIMEOUT_MS, "1000", HBaseSettings.RETRIES, "1"), List.of(SPANS)))
        .isInstanceOf(StorageException.class).hasMessageContaining("localhost:" + closedPort);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
