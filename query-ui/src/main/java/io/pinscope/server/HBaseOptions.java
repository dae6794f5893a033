package io.pinscope.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The server's {@code hbase-*} and {@code create-tables} options, validated and mapped to the hbase engine's
 * options ({@code io.pinscope.storage.hbase.HBaseEngineProvider}): {@code hbase-zookeeper-quorum} →
 * {@value #QUORUM} (and {@value #PORT} when every server names the same port; servers with different ports
 * stay {@code host:port}, which the HBase client accepts), {@code hbase-znode-parent} → {@value #ZNODE_PARENT},
 * {@code hbase-namespace} → {@value #NAMESPACE}, {@code hbase-salt-buckets} → {@value #SALT_BUCKETS},
 * {@code create-tables} → {@value #CREATE_TABLES}, and each {@code key=value} of {@code hbase-property} →
 * {@value #PROPERTY_PREFIX}{@code key} (an HBase client property, applied last). Messages name the option, the
 * bad value and the expected one.
 */
final class HBaseOptions {
  /** The engine name of {@code --storage}. */
  static final String ENGINE = "hbase";
  static final String DEFAULT_SALT_BUCKETS = "16";
  static final int MAX_SALT_BUCKETS = 256;
  static final String DEFAULT_ZOOKEEPER_PORT = "2181";

  static final String QUORUM = "hbase.zookeeper-quorum";
  static final String PORT = "hbase.zookeeper-port";
  static final String ZNODE_PARENT = "hbase.znode-parent";
  static final String NAMESPACE = "hbase.namespace";
  static final String SALT_BUCKETS = "hbase.salt-buckets";
  static final String CREATE_TABLES = "hbase.create-tables";
  static final String PROPERTY_PREFIX = "hbase.conf.";

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
    properties(values.get("hbase-property")).forEach((k, v) -> options.put(PROPERTY_PREFIX + k, v));
    options.putAll(quorum(values.get("hbase-zookeeper-quorum")));
    options.put(ZNODE_PARENT, znodeParent(values.get("hbase-znode-parent")));
    options.put(NAMESPACE, namespace(values.get("hbase-namespace")));
    options.put(SALT_BUCKETS, Integer.toString(saltBuckets(values.get("hbase-salt-buckets"))));
    options.put(CREATE_TABLES, Boolean.toString(bool("create-tables", values.get("create-tables"))));
    return options;
  }

  /** The quorum and port options of {@code host[:port],...}. */
  static Map<String, String> quorum(String v) {
    String expected = " (expected: host[:port],... such as zk1:2181,zk2:2181)";
    if (v.isEmpty()) {
      throw new IllegalArgumentException("hbase-zookeeper-quorum: none" + expected);
    }
    List<String> hosts = new ArrayList<>();
    Set<String> ports = new LinkedHashSet<>();
    for (String server : v.split(",", -1)) {
      String s = server.trim();
      int colon = s.lastIndexOf(':');
      boolean hasPort = colon > 0 && !s.endsWith("]") && (s.startsWith("[") || s.indexOf(':') == colon);
      String host = hasPort ? s.substring(0, colon) : s;
      if (!HOST.matcher(host).matches() || hasPort && !port(s.substring(colon + 1))) {
        throw new IllegalArgumentException("hbase-zookeeper-quorum: " + v + expected);
      }
      hosts.add(host);
      ports.add(hasPort ? Integer.toString(Integer.parseInt(s.substring(colon + 1))) : DEFAULT_ZOOKEEPER_PORT);
    }
    Map<String, String> options = new LinkedHashMap<>();
    if (ports.size() == 1) {
      options.put(QUORUM, String.join(",", hosts));
      options.put(PORT, ports.iterator().next());
    } else {
      options.put(QUORUM, v.replace(" ", "")); // one port each: the HBase client takes host:port as given
    }
    return options;
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
