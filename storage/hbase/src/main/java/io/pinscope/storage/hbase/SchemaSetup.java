package io.pinscope.storage.hbase;

import io.pinscope.storage.spi.FamilySpec;
import io.pinscope.storage.spi.StorageException;
import io.pinscope.storage.spi.TableSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.hadoop.hbase.NamespaceDescriptor;
import org.apache.hadoop.hbase.NamespaceExistException;
import org.apache.hadoop.hbase.NamespaceNotFoundException;
import org.apache.hadoop.hbase.TableExistsException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.AsyncAdmin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migration-free schema check at open: the namespace, every table and family present, with the kind
 * and TTL the schema wants. Without {@code hbase.create-tables} any difference fails the open with a
 * {@link StorageException} listing them all; with it, missing namespaces, tables and families are created
 * and TTLs corrected (a family of another kind still fails: its cells cannot be converted).
 *
 * <p>Compression: a cluster whose servers lack the chosen codec refuses the table (HBase's sanity check);
 * creation then falls back to {@code gz} (pure Java, always present) and finally to none, with a warning.
 */
final class SchemaSetup {
  private static final Logger logger = LoggerFactory.getLogger(SchemaSetup.class);

  private final AsyncAdmin admin;
  private final HBaseSettings settings;
  private final Waiter waiter;
  private Compression.Algorithm compression;

  private SchemaSetup(AsyncAdmin admin, HBaseSettings settings, Waiter waiter) {
    this.admin = admin;
    this.settings = settings;
    this.waiter = waiter;
    this.compression = settings.compression();
  }

  /** Waits for an admin future, turning failures into {@link StorageException}s. */
  interface Waiter {
    <T> T await(CompletableFuture<T> future, String what);
  }

  /**
   * Checks (and, when asked, creates or fixes) {@code tables}.
   *
   * @return the compression new tables got (the chosen one, or its fallback)
   */
  static Compression.Algorithm ensure(AsyncAdmin admin, HBaseSettings settings, List<TableSpec> tables,
      Waiter waiter) {
    return new SchemaSetup(admin, settings, waiter).run(tables);
  }

  private Compression.Algorithm run(List<TableSpec> tables) {
    String namespace = settings.namespace();
    boolean namespaceExists = waiter.await(admin.listNamespaces(), "listing namespaces").contains(namespace);
    Map<String, TableDescriptor> found = new LinkedHashMap<>();
    if (namespaceExists) {
      // Another process may be creating the namespace right now: listed, but not found yet when its tables
      // are asked for. Then it is treated as missing (creating it again is tolerated).
      List<TableDescriptor> listed = waiter.await(tolerate(admin.listTableDescriptorsByNamespace(namespace),
          NamespaceNotFoundException.class), "listing the tables of namespace " + namespace);
      namespaceExists = listed != null;
      for (TableDescriptor d : listed == null ? List.<TableDescriptor>of() : listed) {
        found.put(d.getTableName().getQualifierAsString(), d);
      }
    }
    List<HBaseSchema.Problem> problems = new ArrayList<>();
    for (TableSpec table : tables) {
      problems.addAll(HBaseSchema.problems(table, found.get(table.name())));
    }
    List<HBaseSchema.Problem> unfixable = problems.stream().filter(p -> !p.fixable()).toList();
    if (!unfixable.isEmpty() || (!problems.isEmpty() && !settings.createTables())) {
      throw new StorageException("the HBase schema in namespace " + namespace + " differs from Pinscope's: "
          + (namespaceExists ? "" : "namespace " + namespace + " missing; ") + problems
          + (unfixable.isEmpty()
              ? " (start once with --create-tables, or create them with the DDL of `pinscope hbase-schema`)"
              : ""));
    }
    if (problems.isEmpty()) {
      return compression;
    }
    if (!namespaceExists) {
      waiter.await(tolerate(admin.createNamespace(NamespaceDescriptor.create(namespace).build()),
          NamespaceExistException.class), "creating namespace " + namespace);
      logger.info("Created HBase namespace {}", namespace);
    }
    List<TableSpec> missing = new ArrayList<>();
    for (TableSpec table : tables) {
      TableDescriptor existing = found.get(table.name());
      if (existing == null) {
        missing.add(table);
      } else if (!HBaseSchema.problems(table, existing).isEmpty()) {
        fix(table, existing);
      }
    }
    createAll(missing);
    return compression;
  }

  /** Creates tables, the first alone (it finds out whether the codec works), the rest at once. */
  private void createAll(List<TableSpec> missing) {
    if (missing.isEmpty()) {
      return;
    }
    createWithFallback(missing.get(0));
    List<CompletableFuture<Void>> creating = new ArrayList<>();
    for (TableSpec table : missing.subList(1, missing.size())) {
      creating.add(create(table));
    }
    waiter.await(CompletableFuture.allOf(creating.toArray(CompletableFuture[]::new)),
        "creating " + (missing.size() - 1) + " tables in namespace " + settings.namespace());
    logger.info("Created {} HBase tables in namespace {} ({} regions each, {} compression)", missing.size(),
        settings.namespace(), settings.saltBuckets(), HBaseSettings.optionValue(compression));
  }

  private void createWithFallback(TableSpec table) {
    while (true) {
      try {
        waiter.await(create(table), "creating table " + table.name());
        return;
      } catch (StorageException e) {
        Compression.Algorithm next = fallback(compression);
        // Which codec is missing shows only in the message text, which differs by codec and version; so any
        // refusal tries the next codec, and a refusal for another reason fails the uncompressed try too.
        if (next == null) {
          throw e;
        }
        logger.warn("HBase refused a table with {} compression ({}); trying {} (if the codec was missing, "
            + "install it on the servers and alter the tables to use it)", HBaseSettings.optionValue(compression), e.getMessage(),
            HBaseSettings.optionValue(next));
        compression = next;
      }
    }
  }

  /**
   * Creates the table; one that another process (a collector starting at the same time) created meanwhile
   * is fine.
   */
  private CompletableFuture<Void> create(TableSpec table) {
    return tolerate(admin.createTable(HBaseSchema.descriptor(table, settings.namespace(), compression),
        HBaseSchema.splitKeys(settings.saltBuckets())), TableExistsException.class);
  }

  /** The future, completing normally when it fails with {@code tolerated}. */
  /** {@code future}, completing with null instead of failing with {@code tolerated}. */
  private static <T> CompletableFuture<@Nullable T> tolerate(CompletableFuture<T> future,
      Class<? extends Throwable> tolerated) {
    return future.handle((v, error) -> {
      if (error == null) {
        return v;
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (tolerated.isInstance(cause)) {
        return null;
      }
      throw error instanceof CompletionException c ? c : new CompletionException(error);
    });
  }

  private static Compression.Algorithm fallback(Compression.Algorithm failed) {
    return switch (failed) {
      case NONE -> null;
      case GZ -> Compression.Algorithm.NONE;
      default -> Compression.Algorithm.GZ;
    };
  }

  /** Adds missing families and corrects TTLs, keeping everything else of the table as it is. */
  private void fix(TableSpec table, TableDescriptor existing) {
    TableDescriptorBuilder builder = TableDescriptorBuilder.newBuilder(existing);
    for (FamilySpec family : table.families()) {
      ColumnFamilyDescriptor cf = existing.getColumnFamily(HBaseSchema.bytes(family.name()));
      if (cf == null) {
        builder.setColumnFamily(HBaseSchema.family(table, family, compression));
      } else if (cf.getTimeToLive() != HBaseSchema.ttlSeconds(table)) {
        builder.modifyColumnFamily(org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder.newBuilder(cf)
            .setTimeToLive((int) HBaseSchema.ttlSeconds(table)).build());
      }
    }
    TableName name = existing.getTableName();
    waiter.await(admin.modifyTable(builder.build()), "altering table " + name);
    logger.info("Altered HBase table {} to {}", name, table);
  }
}
