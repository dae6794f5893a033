package io.pinscope.server;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The server's {@code hbase-*} and {@code create-tables} options, validated and mapped to the hbase engine's
 * options: {@code hbase-zookeeper-quorum} → {@value #QUORUM}, {@code hbase-znode-parent} → {@value #ZNODE_PARENT},
 * {@code hbase-namespace} → {@value #NAMESPACE}, {@code hbase-salt-buckets} → {@value #SALT_BUCKETS},
 * {@code create-tables} → {@value #CREATE_TABLES}, and each {@code key=value} of {@code hbase-property} as
 * itself (an HBase client property). Messages name the option, the bad value and the expected one.
 */
final class HBaseOptions {
  /** The engine name of {@code --storage}. */
  static final String ENGINE = "hbase";
  static final String DEFAULT_SALT_BUCKETS = "16";
  static final int MAX_SALT_BUCKETS = 256;

  static final String QUORUM = "hbase.zookeeper.quorum";
  static final String ZNODE_PARENT = "zookeeper.znode.parent";
  static final String NAMESPACE = "hbase.namespace";
  static final String SALT_BUCKETS = "hbase.salt-buckets";
  static final String CREATE_TABLES = "hbase.create-tables";

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\]");
  // HBase's own rule for namespace names.
  private static final Pattern NAMESPACE_NAME = Pattern.compile("[A-Za-z0-9_]+");

  private HBaseOptions() {}

  /**
   * The engine options the server options {@code values} (option name → value) describe.
   *
   * @throws IllegalArgumentException for a bad value, naming the option and the expected value
   */
  static Map<String, String> engineOptions(Map<String, String> values) {
    Map<String, String> options = new LinkedHashMap<>();
    // Client properties first: the dedicated options win over the same key given as a property.
    options.putAll(properties(values.get("hbase-property")));
    options.put(QUORUM, quorum(values.get("hbase-zookeeper-quorum")));
    options.put(ZNODE_PARENT, znodeParent(values.get("hbase-znode-parent")));
    options.put(NAMESPACE, namespace(values.get("hbase-namespace")));
    options.put(SALT_BUCKETS, Integer.toString(saltBuckets(values.get("hbase-salt-buckets"))));
    options.put(CREATE_TABLES, Boolean.toString(bool("create-tables", values.get("create-tables"))));
    return options;
  }

  static String quorum(String v) {
    String expected = " (expected: host[:port],... such as zk1:2181,zk2:2181)";
    if (v.isEmpty()) {
      throw new IllegalArgumentException("hbase-zookeeper-quorum: none" + expected);
    }
    for (String server : v.split(",", -1)) {
      String s = server.trim();
      int colon = s.lastIndexOf(':');
      boolean hasPort = colon > 0 && !s.endsWith("]") && (s.startsWith("[") || s.indexOf(':') == colon);
      String host = hasPort ? s.substring(0, colon) : s;
      if (!HOST.matcher(host).matches() || hasPort && !port(s.substring(colon + 1))) {
        throw new IllegalArgumentException("hbase-zookeeper-quorum: " + v + expected);
      }
    }
    return v.replace(" ", "");
  }

  private static boolean port(String p) {
    try {
      int n = Integer.parseInt(p);
      return n >= 1 && n <= 65535;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static String znodeParent(String v) {
    if (!v.startsWith("/") || v.length() > 1 && v.endsWith("/") || v.contains("//") || v.contains(" ")) {
      throw new IllegalArgumentException("hbase-znode-parent: " + v + " (expected: a ZooKeeper path such as /hbase)");
    }
    return v;
  }

  static String namespace(String v) {
    if (!NAMESPACE_NAME.matcher(v).matches()) {
      throw new IllegalArgumentException("hbase-namespace: " + (v.isEmpty() ? "none" : v)
          + " (expected: letters, digits and _, such as pinscope)");
    }
    return v;
  }

  static int saltBuckets(String v) {
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= MAX_SALT_BUCKETS) {
        return n;
      }
    } catch (NumberFormatException notANumber) {
      // the message below says what is expected
    }
    throw new IllegalArgumentException("hbase-salt-buckets: " + v + " (expected: 1.." + MAX_SALT_BUCKETS + ")");
  }

  static Map<String, String> properties(String v) {
    Map<String, String> properties = new LinkedHashMap<>();
    if (v.isBlank()) {
      return properties;
    }
    for (String pair : v.split(",", -1)) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? "" : pair.substring(0, eq).trim();
      if (key.isEmpty() || key.contains(" ")) {
        throw new IllegalArgumentException("hbase-property: " + pair.trim()
            + " (expected: key=value[,key=value...] such as hbase.rpc.timeout=10000)");
      }
      properties.put(key, pair.substring(eq + 1).trim());
    }
    return properties;
  }

  static boolean bool(String name, String v) {
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
    }
    throw new IllegalArgumentException(name + ": " + v + " (expected: true or false)");
  }
}
