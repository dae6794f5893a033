package io.pinscope.storage.hbase;

import static java.util.Objects.requireNonNull;

import io.pinscope.storage.spi.CellKind;
import io.pinscope.storage.spi.FamilySpec;
import io.pinscope.storage.spi.TableSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.hadoop.hbase.io.encoding.DataBlockEncoding;
import org.jspecify.annotations.Nullable;

/**
 * The HBase layout of a Pinscope schema, and the DDL that creates it for operators who create tables
 * themselves ({@link #ddl}).
 *
 * <p>Each {@link TableSpec} is a table {@code namespace:name}; each {@link FamilySpec} a column family with
 * one version, the table's TTL (none for a zero TTL), {@code FAST_DIFF} block encoding (row keys share long
 * prefixes), the chosen compression and the family's {@link CellKind} recorded as the family attribute
 * {@value #KIND_ATTRIBUTE}, which the start-up schema check compares. {@code NEW_VERSION_BEHAVIOR} is not
 * used: in HBase 2.6.4 its tracker fails scans with a {@code NullPointerException} once column delete
 * markers and newer writes of the same cells meet (seen on the mini-cluster); {@link BatchWriter} keeps
 * deletes from masking later writes instead. Tables are pre-split into one region per salt bucket: split keys {@code \x01} ..
 * {@code \x(n-1)}, the first byte of salted row keys being the bucket.
 */
public final class HBaseSchema {
  /** The column family attribute holding the family's {@link CellKind}. */
  public static final String KIND_ATTRIBUTE = "pinscope.kind";

  /**
   * The HBase shell statements that create {@code tables} in {@code namespace}, pre-split into
   * {@code saltBuckets} regions, with {@code SNAPPY} compression: one {@code create_namespace}, then one
   * {@code create} per table, in the order given.
   *
   * @throws IllegalArgumentException when {@code saltBuckets} is outside 1..256 or the namespace is not a
   *     valid name
   */
  public static String ddl(List<TableSpec> tables, String namespace, int saltBuckets) {
    return ddl(tables, namespace, saltBuckets, Compression.Algorithm.SNAPPY);
  }

  /** As {@link #ddl(List, String, int)}, with the given compression. */
  static String ddl(List<TableSpec> tables, String namespace, int saltBuckets, Compression.Algorithm compression) {
    requireNonNull(tables, "tables");
    checkNamespace(namespace);
    checkBuckets(saltBuckets);
    StringBuilder out = new StringBuilder();
    out.append("# Pinscope tables for HBase: ").append(tables.size()).append(" tables in namespace ")
        .append(namespace).append(", ").append(saltBuckets).append(" salt buckets (one region each).\n");
    out.append("create_namespace '").append(namespace).append("'\n");
    for (TableSpec table : tables) {
      out.append("create '").append(namespace).append(':').append(table.name()).append('\'');
      for (FamilySpec family : table.families()) {
        out.append(", {NAME => '").append(family.name()).append("', VERSIONS => 1");
        long ttl = ttlSeconds(table);
        if (ttl != HConstants.FOREVER) {
          out.append(", TTL => ").append(ttl);
        }
        out.append(", COMPRESSION => '").append(compression.getName().toUpperCase(Locale.ROOT)).append('\'')
            .append(", DATA_BLOCK_ENCODING => 'FAST_DIFF'")
            .append(", METADATA => {'").append(KIND_ATTRIBUTE).append("' => '").append(family.kind().name())
            .append("'}}");
      }
      if (saltBuckets > 1) {
        out.append(", SPLITS => [");
        byte[][] splits = splitKeys(saltBuckets);
        for (int i = 0; i < splits.length; i++) {
          out.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "\"\\x%02X\"", splits[i][0] & 0xFF));
        }
        out.append(']');
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** The descriptor of {@code table} in {@code namespace}. */
  static TableDescriptor descriptor(TableSpec table, String namespace, Compression.Algorithm compression) {
    TableDescriptorBuilder builder = TableDescriptorBuilder.newBuilder(tableName(namespace, table.name()));
    for (FamilySpec family : table.families()) {
      builder.setColumnFamily(family(table, family, compression));
    }
    return builder.build();
  }

  static ColumnFamilyDescriptor family(TableSpec table, FamilySpec family, Compression.Algorithm compression) {
    return ColumnFamilyDescriptorBuilder.newBuilder(bytes(family.name()))
        .setMaxVersions(1)
        .setTimeToLive((int) ttlSeconds(table))
        .setCompressionType(compression)
        .setDataBlockEncoding(DataBlockEncoding.FAST_DIFF)
        .setValue(KIND_ATTRIBUTE, family.kind().name())
        .build();
  }

  /** {@code \x01} .. {@code \x(n-1)}: one region per salt bucket. Empty for one bucket. */
  static byte[][] splitKeys(int saltBuckets) {
    checkBuckets(saltBuckets);
    byte[][] keys = new byte[saltBuckets - 1][];
    for (int i = 1; i < saltBuckets; i++) {
      keys[i - 1] = new byte[] {(byte) i};
    }
    return keys;
  }

  /**
   * What differs between the table the schema wants and the one found (null = the table is missing):
   * missing families, a family of another kind, another TTL. Families found but not wanted are fine (an
   * older schema's; they are left alone). Empty when the table is as wanted.
   */
  static List<Problem> problems(TableSpec wanted, @Nullable TableDescriptor found) {
    String table = wanted.name();
    if (found == null) {
      return List.of(new Problem(table, null, "table missing", true));
    }
    List<Problem> problems = new ArrayList<>();
    for (FamilySpec family : wanted.families()) {
      ColumnFamilyDescriptor cf = found.getColumnFamily(bytes(family.name()));
      if (cf == null) {
        problems.add(new Problem(table, family.name(), "family missing", true));
        continue;
      }
      // Families created by hand without the attribute are taken as they are.
      String kind = cf.getValue(KIND_ATTRIBUTE);
      if (kind != null && !kind.equals(family.kind().name())) {
        problems.add(new Problem(table, family.name(),
            "holds " + kind + " cells (expected: " + family.kind().name() + "; the data cannot be converted: "
                + "drop or rename the table)", false));
      }
      long ttl = ttlSeconds(wanted);
      if (cf.getTimeToLive() != ttl) {
        problems.add(new Problem(table, family.name(), "TTL " + ttlText(cf.getTimeToLive()) + " (expected: "
            + ttlText(ttl) + ")", true));
      }
    }
    return problems;
  }

  /**
   * One difference between the wanted schema and the cluster's.
   *
   * @param family null for a whole table
   * @param fixable whether creating tables ({@code hbase.create-tables=true}) fixes it
   */
  record Problem(String table, @Nullable String family, String what, boolean fixable) {
    @Override
    public String toString() {
      return table + (family == null ? "" : ":" + family) + ": " + what;
    }
  }

  static TableName tableName(String namespace, String table) {
    return TableName.valueOf(namespace, table);
  }

  /** The TTL in seconds as HBase stores it: {@link HConstants#FOREVER} for a zero TTL. */
  static long ttlSeconds(TableSpec table) {
    return table.ttl().isZero() ? HConstants.FOREVER : Math.min(table.ttl().toSeconds(), HConstants.FOREVER);
  }

  static void checkUnique(List<TableSpec> tables) {
    Set<String> names = new HashSet<>();
    for (TableSpec table : tables) {
      requireNonNull(table, "table");
      if (!names.add(table.name())) {
        throw new IllegalArgumentException("table: " + table.name() + " (expected: each table once)");
      }
      Set<String> families = new HashSet<>();
      table.families().forEach(f -> {
        if (!families.add(f.name())) {
          throw new IllegalArgumentException(
              "family: " + f.name() + " of table " + table.name() + " (expected: each family once)");
        }
      });
    }
  }

  private static String ttlText(long seconds) {
    return seconds == HConstants.FOREVER ? "forever" : seconds + " s";
  }

  static void checkNamespace(String namespace) {
    requireNonNull(namespace, "namespace");
    if (!namespace.matches("[A-Za-z0-9_]{1,64}")) {
      throw new IllegalArgumentException(
          "namespace: \"" + namespace + "\" (expected: 1-64 letters, digits or '_')");
    }
  }

  private static void checkBuckets(int saltBuckets) {
    if (saltBuckets < 1 || saltBuckets > 256) {
      throw new IllegalArgumentException("saltBuckets: " + saltBuckets + " (expected: 1..256)");
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private HBaseSchema() {}
}
