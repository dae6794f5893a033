package io.pinscope.storage.hbase;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.io.compress.Compression;

/**
 * The engine options read from {@link io.pinscope.storage.spi.EngineConfig#options()}: every key that
 * starts with {@code hbase.}. Keys under {@code hbase.conf.} are HBase client properties passed on as they
 * are ({@code hbase.conf.hbase.client.write.buffer=4194304} sets {@code hbase.client.write.buffer}); any
 * other unknown {@code hbase.*} key is rejected so that a typo does not fall back to a default. The keys
 * and defaults are listed on {@link HBaseEngineProvider}.
 */
record HBaseSettings(String zookeeperQuorum, int zookeeperPort, String znodeParent, String namespace,
    boolean createTables, int saltBuckets, Compression.Algorithm compression, int operationTimeoutMillis,
    int rpcTimeoutMillis, int retries, Map<String, String> clientProperties) {
  static final String ZOOKEEPER_QUORUM = "hbase.zookeeper-quorum";
  static final String ZOOKEEPER_PORT = "hbase.zookeeper-port";
  static final String ZNODE_PARENT = "hbase.znode-parent";
  static final String NAMESPACE = "hbase.namespace";
  static final String CREATE_TABLES = "hbase.create-tables";
  static final String SALT_BUCKETS = "hbase.salt-buckets";
  static final String COMPRESSION = "hbase.compression";
  static final String OPERATION_TIMEOUT_MS = "hbase.operation-timeout-ms";
  static final String RPC_TIMEOUT_MS = "hbase.rpc-timeout-ms";
  static final String RETRIES = "hbase.retries";
  /** Prefix of HBase client properties passed through verbatim. */
  static final String CONF_PREFIX = "hbase.conf.";
  private static final List<String> KEYS = List.of(ZOOKEEPER_QUORUM, ZOOKEEPER_PORT, ZNODE_PARENT, NAMESPACE,
      CREATE_TABLES, SALT_BUCKETS, COMPRESSION, OPERATION_TIMEOUT_MS, RPC_TIMEOUT_MS, RETRIES);
  /** The codecs an operator may choose; {@code none} turns compression off. */
  private static final List<Compression.Algorithm> CODECS = List.of(Compression.Algorithm.NONE,
      Compression.Algorithm.GZ, Compression.Algorithm.SNAPPY, Compression.Algorithm.LZ4,
      Compression.Algorithm.ZSTD);

  HBaseSettings {
    requireNonNull(zookeeperQuorum, "zookeeperQuorum");
    requireNonNull(znodeParent, "znodeParent");
    requireNonNull(namespace, "namespace");
    requireNonNull(compression, "compression");
    clientProperties = Map.copyOf(clientProperties);
  }

  /** Reads and validates the {@code hbase.*} options. */
  static HBaseSettings from(Map<String, String> options) {
    Map<String, String> client = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      String key = e.getKey();
      if (key.startsWith(CONF_PREFIX) && key.length() > CONF_PREFIX.length()) {
        client.put(key.substring(CONF_PREFIX.length()), e.getValue());
      } else if (key.startsWith("hbase.") && !KEYS.contains(key)) {
        throw new IllegalArgumentException("option: " + key + " (expected one of " + KEYS + " or "
            + CONF_PREFIX + "<an HBase client property>)");
      }
    }
    String namespace = options.getOrDefault(NAMESPACE, "pinscope");
    HBaseSchema.checkNamespace(namespace);
    String quorum = options.getOrDefault(ZOOKEEPER_QUORUM, "localhost").trim();
    if (quorum.isEmpty()) {
      throw new IllegalArgumentException(ZOOKEEPER_QUORUM + ": \"\" (expected: host[,host...])");
    }
    String parent = options.getOrDefault(ZNODE_PARENT, "/hbase");
    if (!parent.startsWith("/")) {
      throw new IllegalArgumentException(ZNODE_PARENT + ": \"" + parent + "\" (expected: a path starting with /)");
    }
    return new HBaseSettings(quorum,
        (int) number(options, ZOOKEEPER_PORT, 2181, 1, 65535),
        parent,
        namespace,
        bool(options, CREATE_TABLES, false),
        (int) number(options, SALT_BUCKETS, 16, 1, 256),
        compression(options.getOrDefault(COMPRESSION, "snappy")),
        (int) number(options, OPERATION_TIMEOUT_MS, 5_000, 100, 600_000),
        (int) number(options, RPC_TIMEOUT_MS, 3_000, 100, 600_000),
        (int) number(options, RETRIES, 3, 0, 100),
        client);
  }

  /**
   * The HBase client configuration: {@code hbase-site.xml} from the class path if any, then the connection
   * options, then the bounded timeouts and retries (so that a dead cluster fails an operation within about
   * {@link #operationTimeoutMillis()} instead of HBase's default of many minutes), then the pass-through
   * properties, which win.
   */
  Configuration configuration() {
    Configuration conf = HBaseConfiguration.create();
    conf.set(HConstants.ZOOKEEPER_QUORUM, zookeeperQuorum);
    conf.setInt(HConstants.ZOOKEEPER_CLIENT_PORT, zookeeperPort);
    conf.set(HConstants.ZOOKEEPER_ZNODE_PARENT, znodeParent);
    conf.setInt(HConstants.HBASE_CLIENT_OPERATION_TIMEOUT, operationTimeoutMillis);
    conf.setInt(HConstants.HBASE_CLIENT_META_OPERATION_TIMEOUT, operationTimeoutMillis);
    conf.setInt(HConstants.HBASE_CLIENT_SCANNER_TIMEOUT_PERIOD, operationTimeoutMillis);
    conf.setInt(HConstants.HBASE_RPC_TIMEOUT_KEY, rpcTimeoutMillis);
    conf.setInt(HConstants.HBASE_RPC_READ_TIMEOUT_KEY, rpcTimeoutMillis);
    conf.setInt(HConstants.HBASE_RPC_WRITE_TIMEOUT_KEY, rpcTimeoutMillis);
    conf.setInt(HConstants.HBASE_CLIENT_RETRIES_NUMBER, retries);
    // The ZooKeeper lookups (meta location, cluster id) retry 30 times a second apart by default.
    conf.setInt("zookeeper.recovery.retry", retries);
    conf.setInt("zookeeper.recovery.retry.intervalmill", 200);
    conf.setInt("hbase.client.sync.wait.timeout.msec", operationTimeoutMillis);
    clientProperties.forEach(conf::set);
    return conf;
  }

  /** A description of where the cluster is, for error messages. */
  String where() {
    return "HBase at ZooKeeper " + zookeeperQuorum + ":" + zookeeperPort + znodeParent + ", namespace "
        + namespace;
  }

  /** The option value naming a codec ({@code none}, {@code gz}, ...). */
  static String optionValue(Compression.Algorithm algorithm) {
    return algorithm.getName().toLowerCase(Locale.ROOT);
  }

  private static boolean bool(Map<String, String> options, String key, boolean defaultValue) {
    String v = options.get(key);
    if (v == null) {
      return defaultValue;
    }
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(key + ": " + v + " (expected: true or false)");
    };
  }

  private static long number(Map<String, String> options, String key, long defaultValue, long min, long max) {
    String v = options.get(key);
    if (v == null) {
      return defaultValue;
    }
    long n;
    try {
      n = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      n = Long.MIN_VALUE;
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(key + ": " + v + " (expected: an integer from " + min + " to " + max + ")");
    }
    return n;
  }

  private static Compression.Algorithm compression(String v) {
    for (Compression.Algorithm a : CODECS) {
      if (optionValue(a).equals(v)) {
        return a;
      }
    }
    throw new IllegalArgumentException(COMPRESSION + ": " + v + " (expected one of "
        + CODECS.stream().map(HBaseSettings::optionValue).toList() + ")");
  }
}
