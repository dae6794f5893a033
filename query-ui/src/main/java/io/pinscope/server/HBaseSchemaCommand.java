package io.pinscope.server;

import io.pinscope.storage.Storage;
import io.pinscope.storage.hbase.HBaseSchema;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code pinscope hbase-schema [--hbase-namespace NS] [--hbase-salt-buckets N] [--retention-days D]
 * [--config FILE]}: prints the HBase shell statements that create Pinscope's namespace and tables (families,
 * TTLs from the retention, regions pre-split per salt bucket; {@link HBaseSchema#ddl}) for operators who
 * create tables themselves. The options read as the server reads them (flag, then {@code PINSCOPE_*}
 * environment, then the file), so the DDL matches what the server's schema check expects.
 */
final class HBaseSchemaCommand {
  static final String NAME = "hbase-schema";
  private static final List<String> OPTIONS = List.of("hbase-namespace", "hbase-salt-buckets", "retention-days",
      "config");

  private HBaseSchemaCommand() {}

  static String usage() {
    return """
        Usage: java -jar pinscope.jar hbase-schema [--hbase-namespace pinscope] [--hbase-salt-buckets 16]
                                                   [--retention-days 14] [--config FILE]
          Prints the HBase shell statements (hbase shell < file) that create Pinscope's namespace and tables:
          column families, TTLs from the retention, one pre-split region per salt bucket. Use the same
          namespace, salt buckets and retention as the servers: they check the tables at start-up and refuse
          to start when one is missing or differs (or create them with --create-tables).
        """;
  }

  /**
   * Parses the command's arguments (after the command name) into the server options they set.
   *
   * @throws IllegalArgumentException naming an option the command does not take, or a bad value
   */
  static ServerConfig parse(String[] args, Map<String, String> env) {
    for (String a : args) {
      String name = a.startsWith("--") ? a.substring(2).split("=", 2)[0] : null;
      if (name != null && !OPTIONS.contains(name)) {
        throw new IllegalArgumentException("option: " + name + " (expected one of --"
            + String.join(", --", OPTIONS) + "; see hbase-schema --help)");
      }
    }
    return ServerConfig.parse(args, env);
  }

  /** Prints the DDL; returns the process exit code. */
  static int run(ServerConfig config, PrintStream out) {
    Map<String, String> hbase = config.hbaseOptions();
    out.print(HBaseSchema.ddl(Storage.tables(config.storage().retention()), hbase.get(HBaseOptions.NAMESPACE),
        Integer.parseInt(hbase.get(HBaseOptions.SALT_BUCKETS))));
    return 0;
  }
}
