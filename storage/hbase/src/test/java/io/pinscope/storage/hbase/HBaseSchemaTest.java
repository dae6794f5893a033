package io.pinscope.storage.hbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.storage.Retention;
import io.pinscope.storage.Storage;
import io.pinscope.storage.spi.CellKind;
import io.pinscope.storage.spi.FamilySpec;
import io.pinscope.storage.spi.TableSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DDL printed for operators, and the descriptors and split keys it mirrors. */
class HBaseSchemaTest {
  private static final List<TableSpec> SMALL = List.of(
      new TableSpec("stats", List.of(new FamilySpec("c", CellKind.COUNTER), new FamilySpec("m", CellKind.MAX)),
          Duration.ofDays(14)),
      new TableSpec("rules", List.of(new FamilySpec("r", CellKind.BYTES)), Duration.ZERO));

  @Test
  void ddl_createsTheNamespace_andEachTable_preSplitWithTtlAndKinds() {
    String ddl = HBaseSchema.ddl(SMALL, "apm", 4);

    assertThat(ddl.lines().filter(l -> !l.startsWith("#"))).containsExactly(
        "create_namespace 'apm'",
        "create 'apm:stats', {NAME => 'c', VERSIONS => 1, TTL => 1209600, COMPRESSION => 'SNAPPY', "
            + "DATA_BLOCK_ENCODING => 'FAST_DIFF', "
            + "METADATA => {'pinscope.kind' => 'COUNTER'}}, {NAME => 'm', VERSIONS => 1, TTL => 1209600, "
            + "COMPRESSION => 'SNAPPY', DATA_BLOCK_ENCODING => 'FAST_DIFF', "
            + "METADATA => {'pinscope.kind' => 'MAX'}}, SPLITS => [\"\\x01\", \"\\x02\", \"\\x03\"]",
        "create 'apm:rules', {NAME => 'r', VERSIONS => 1, COMPRESSION => 'SNAPPY', "
            + "DATA_BLOCK_ENCODING => 'FAST_DIFF', "
            + "METADATA => {'pinscope.kind' => 'BYTES'}}, SPLITS => [\"\\x01\", \"\\x02\", \"\\x03\"]");
  }

  @Test
  void ddl_ofTheWholeSchema_hasEveryTable_andOneBucketHasNoSplits() {
    List<TableSpec> tables = Storage.tables(Retention.DEFAULTS);
    String ddl = HBaseSchema.ddl(tables, "pinscope", 16);

    for (TableSpec t : tables) {
      assertThat(ddl).contains("create 'pinscope:" + t.name() + "', {NAME => '" + t.families().get(0).name() + "'");
    }
    assertThat(ddl.lines().filter(l -> l.startsWith("create '"))).hasSize(tables.size())
        .allMatch(l -> l.endsWith("\"\\x0F\"]"));
    assertThat(HBaseSchema.ddl(SMALL, "apm", 1)).doesNotContain("SPLITS");
  }

  @Test
  void ddl_rejectsBadNamespacesAndBucketCounts() {
    assertThatThrownBy(() -> HBaseSchema.ddl(SMALL, "a:b", 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("namespace: \"a:b\" (expected: 1-64 letters, digits or '_')");
    assertThatThrownBy(() -> HBaseSchema.ddl(SMALL, "apm", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("saltBuckets: 0 (expected: 1..256)");
    assertThatThrownBy(() -> HBaseSchema.ddl(SMALL, "apm", 257)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("saltBuckets: 257 (expected: 1..256)");
  }

  @Test
  void splitKeys_areTheBucketBytes() {
    assertThat(HBaseSchema.splitKeys(1)).isEmpty();
    assertThat(Arrays.asList(HBaseSchema.splitKeys(3))).containsExactly(new byte[] {1}, new byte[] {2});
    assertThat(Arrays.asList(HBaseSchema.splitKeys(256))).hasSize(255).last().isEqualTo(new byte[] {(byte) 0xFF});
  }

  @Test
  void problems_nameMissingTables_families_kindsAndTtls() {
    TableSpec stats = SMALL.get(0);
    assertThat(HBaseSchema.problems(stats, null)).extracting(Object::toString).containsExactly("stats: table missing");
    assertThat(HBaseSchema.problems(stats, HBaseSchema.descriptor(stats, "apm",
        org.apache.hadoop.hbase.io.compress.Compression.Algorithm.NONE))).isEmpty();

    TableSpec other = new TableSpec("stats", List.of(new FamilySpec("c", CellKind.BYTES)), Duration.ofDays(1));
    assertThat(HBaseSchema.problems(stats, HBaseSchema.descriptor(other, "apm",
        org.apache.hadoop.hbase.io.compress.Compression.Algorithm.NONE)))
        .extracting(Object::toString).containsExactly(
            "stats:c: holds BYTES cells (expected: COUNTER; the data cannot be converted: drop or rename the table)",
            "stats:c: TTL 86400 s (expected: 1209600 s)",
            "stats:m: family missing");
  }
}
