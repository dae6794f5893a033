package io.pinscope.model;

import org.jspecify.annotations.Nullable;

/**
 * The span attributes the server map is built from, read in both semantic-convention generations (the
 * stable name first, then the deprecated one that the Java agent 2.x still emits by default).
 * Empty strings count as absent. These rules name the server map's nodes, so the receiver's statistics and
 * the query side's per-transaction map share them.
 */
public final class Semconv {
  /** The node name of an external host when nothing names it. */
  public static final String UNKNOWN_HOST = "unknown";

  /** {@code db.system.name} ▸ {@code db.system}, or null for spans that are not database calls. */
  public static @Nullable String dbSystem(Attributes a) {
    return first(a, "db.system.name", "db.system");
  }

  /** {@code messaging.system}, or null for spans that are not messaging calls. */
  public static @Nullable String messagingSystem(Attributes a) {
    return first(a, "messaging.system");
  }

  /**
   * A database node's name: {@code db.namespace} ▸ {@code db.name} ▸ {@link #clientTarget} ▸ the system.
   * An all-digit namespace is skipped: it is Redis's database index ({@code "0"}), which names no node, and
   * skipping it gives the same node under both generations (the old one has no {@code db.name} for Redis).
   */
  public static String databaseName(Attributes a, String system) {
    String namespace = databaseNamespace(a);
    return namespace != null ? namespace : orElse(clientTarget(a), system);
  }

  /**
   * {@link #databaseName(Attributes, String)} when the span's {@link #clientTarget} is already known
   * ({@code clientTarget}): the same name, without looking the target up again.
   */
  public static String databaseName(Attributes a, String system, String clientTarget) {
    String namespace = databaseNamespace(a);
    return namespace != null ? namespace : orElse(clientTarget, system);
  }

  /** {@code db.namespace} ▸ {@code db.name}, all-digit values skipped; or null. */
  private static @Nullable String databaseNamespace(Attributes a) {
    for (String key : DATABASE_NAMESPACE_KEYS) {
      String v = first(a, key);
      if (v != null && !allDigits(v)) {
        return v;
      }
    }
    return null;
  }

  private static final String[] DATABASE_NAMESPACE_KEYS = {"db.namespace", "db.name"};

  private static String orElse(String target, String fallback) {
    return target.isEmpty() ? fallback : target;
  }

  /**
   * A queue node's name: {@code messaging.destination.name} ▸ {@code messaging.destination} ▸ the system.
   */
  public static String destinationName(Attributes a, String system) {
    String v = first(a, "messaging.destination.name", "messaging.destination");
    return v == null ? system : v;
  }

  /**
   * The host a CLIENT/PRODUCER span addressed: {@code server.address[:server.port]} ▸
   * {@code net.peer.name[:net.peer.port]} ▸ {@code host[:port]} of {@code url.full} / {@code http.url},
   * or {@code ""}.
   */
  public static String clientTarget(Attributes a) {
    String v = hostPort(a, "server.address", "server.port");
    if (v == null) {
      v = hostPort(a, "net.peer.name", "net.peer.port");
    }
    if (v == null) {
      v = urlAuthority(first(a, "url.full", "http.url"));
    }
    return v == null ? "" : v;
  }

  /**
   * The host a SERVER span was addressed by (Pinpoint's acceptor host): {@code server.address[:server.port]}
   * ▸ {@code net.host.name[:net.host.port]} ▸ the {@code Host} header ({@code http.request.header.host},
   * {@code http.host}) ▸ {@code host[:port]} of {@code url.full} / {@code http.url}, or {@code ""}. Some
   * SDKs put the {@code Host} header, port included, in {@code net.host.name} (Python's Flask) and also
   * send {@code net.host.port}: the port is folded in once, so the key matches the client's
   * {@link #clientTarget}.
   */
  public static String serverHost(Attributes a) {
    String v = hostPort(a, "server.address", "server.port");
    if (v == null) {
      v = hostPort(a, "net.host.name", "net.host.port");
    }
    if (v == null) {
      v = firstElement(a, "http.request.header.host");
    }
    if (v == null) {
      v = first(a, "http.host");
    }
    if (v == null) {
      v = urlAuthority(first(a, "url.full", "http.url"));
    }
    return v == null ? "" : v;
  }

  /**
   * The node name of an external host called by a CLIENT span: {@code service.peer.name} ▸
   * {@code peer.service} ▸ {@link #clientTarget} ▸ {@value #UNKNOWN_HOST}.
   */
  public static String externalName(Attributes a) {
    String v = peerService(a);
    return v != null ? v : orElse(clientTarget(a), UNKNOWN_HOST);
  }

  /**
   * {@link #externalName(Attributes)} when the span's {@link #clientTarget} is already known
   * ({@code clientTarget}): the same name, without looking the target up again.
   */
  public static String externalName(Attributes a, String clientTarget) {
    String v = peerService(a);
    return v != null ? v : orElse(clientTarget, UNKNOWN_HOST);
  }

  private static @Nullable String peerService(Attributes a) {
    return first(a, "service.peer.name", "peer.service");
  }

  /** {@code db.query.text} ▸ {@code db.statement}, the statement as sent, or null. */
  public static @Nullable String dbQueryText(Attributes a) {
    return first(a, "db.query.text", "db.statement");
  }

  /** {@code db.query.summary}, the instrumentation's low-cardinality summary of the statement, or null. */
  public static @Nullable String dbQuerySummary(Attributes a) {
    return first(a, "db.query.summary");
  }

  /** {@code db.operation.name} ▸ {@code db.operation}, or null. */
  public static @Nullable String dbOperation(Attributes a) {
    return first(a, "db.operation.name", "db.operation");
  }

  /** {@code db.collection.name} ▸ {@code db.sql.table}, or null. */
  public static @Nullable String dbCollection(Attributes a) {
    return first(a, "db.collection.name", "db.sql.table");
  }

  /** {@code http.request.method} ▸ {@code http.method}, or null. */
  public static @Nullable String httpMethod(Attributes a) {
    return first(a, "http.request.method", "http.method");
  }

  /** {@code http.route}, the server framework's route template, or null. */
  public static @Nullable String httpRoute(Attributes a) {
    return first(a, "http.route");
  }

  /** {@code url.path} ▸ {@code http.target}, the requested path (a target may still carry its query), or null. */
  public static @Nullable String urlPath(Attributes a) {
    return first(a, "url.path", "http.target");
  }

  /** {@code host:port} of a URL's authority (user info dropped), or null without {@code scheme://}. */
  public static @Nullable String urlAuthority(@Nullable String url) {
    if (url == null) {
      return null;
    }
    int scheme = url.indexOf("://");
    if (scheme <= 0) {
      return null;
    }
    int start = scheme + 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    String authority = url.substring(start, end);
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    return authority.isEmpty() ? null : authority;
  }

  /**
   * {@code host:port} from a host attribute and a port attribute. A host that already ends with a port
   * ({@code name:8080}, {@code [::1]:8080}) is kept as it is; a bare IPv6 address is bracketed before its
   * port is added, as in a URL's authority.
   */
  static @Nullable String hostPort(Attributes a, String hostKey, String portKey) {
    String host = first(a, hostKey);
    if (host == null) {
      return null;
    }
    String port = first(a, portKey);
    if (port == null || hasPort(host)) {
      return host;
    }
    return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  /** True for {@code name:port} and {@code [v6]:port}; false for a name, a bare or bracketed IPv6 address. */
  private static boolean hasPort(String host) {
    if (host.startsWith("[")) {
      return host.contains("]:");
    }
    int colon = host.indexOf(':');
    return colon > 0 && colon == host.lastIndexOf(':');
  }

  /** The first element of an array attribute (captured headers), or the text of a single value. */
  private static @Nullable String firstElement(Attributes a, String key) {
    AttributeValue v = a.get(key);
    if (v instanceof AttributeValue.ArrayValue array) {
      v = array.values().isEmpty() ? null : array.values().get(0);
    }
    String text = v == null ? null : v.asText();
    return text == null || text.isEmpty() ? null : text;
  }

  private static @Nullable String first(Attributes a, String... keys) {
    for (String key : keys) {
      String v = a.text(key);
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return null;
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private Semconv() {}
}
