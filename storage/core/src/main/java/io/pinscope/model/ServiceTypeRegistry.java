package io.pinscope.model;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The one registry of service types, with Pinpoint's codes (reference/pinpoint.md §2.6), and the
 * mappings from OTel attribute values ({@code telemetry.sdk.language}, {@code db.system},
 * {@code messaging.system}) to them. Unknown codes and names resolve to generic OTel types, never null.
 *
 * <p>It holds the types that can name a server-map node or a link end: Pinpoint's application types (the
 * SERVER range, which a Pinpoint agent sends as {@code Pinpoint-pAppType}, e.g. 1210 for a Spring Boot
 * application), its database, cache and message-broker types, and its RPC client types (category
 * {@link NodeCategory#UNKNOWN}: a call to a host without an agent). Categories follow Pinpoint's code
 * ranges, with one exception: 9203 ELASTICSEARCH lies in the RPC range but OTel reports it as a
 * {@code db.system}, so it is drawn as a database. Left out on purpose: Pinpoint's internal and library
 * codes other than UNKNOWN, USER and INTERNAL_METHOD, and method types such as 1011 TOMCAT_METHOD, which
 * record a method call and never name an application (its range would make it a SERVER node).
 * 1221 OPENTELEMETRY_INTERNAL is a method type too, but is registered: Pinpoint's own OTLP mapping gives
 * it to INTERNAL spans.
 */
public final class ServiceTypeRegistry {
  public static final ServiceType UNDEFINED = new ServiceType(-1, "UNDEFINED", NodeCategory.UNKNOWN);
  public static final ServiceType UNKNOWN = new ServiceType(1, "UNKNOWN", NodeCategory.UNKNOWN);
  public static final ServiceType USER = new ServiceType(2, "USER", NodeCategory.USER);
  /**
   * The caller of an application called from another process that sent no span Pinscope could name it by
   * (an uninstrumented proxy that forwards {@code traceparent}, a lost span): drawn like USER, named after
   * the application it calls. Pinscope's own code, in Pinpoint's internal range.
   */
  public static final ServiceType UNKNOWN_CALLER = new ServiceType(4, "UNKNOWN_CALLER", NodeCategory.USER);
  public static final ServiceType STAND_ALONE = new ServiceType(1000, "STAND_ALONE", NodeCategory.SERVER);
  public static final ServiceType JAVA = new ServiceType(1001, "JAVA", NodeCategory.SERVER);
  public static final ServiceType TOMCAT = new ServiceType(1010, "TOMCAT", NodeCategory.SERVER);
  public static final ServiceType GRPC_SERVER = new ServiceType(1130, "GRPC_SERVER", NodeCategory.SERVER);
  /** What a Pinpoint agent sends as {@code Pinpoint-pAppType} for a Spring Boot application. */
  public static final ServiceType SPRING_BOOT = new ServiceType(1210, "SPRING_BOOT", NodeCategory.SERVER);
  public static final ServiceType OPENTELEMETRY_SERVER =
      new ServiceType(1220, "OPENTELEMETRY_SERVER", NodeCategory.SERVER);
  public static final ServiceType C_CPP = new ServiceType(1300, "C_CPP", NodeCategory.SERVER);
  public static final ServiceType NODE = new ServiceType(1400, "NODE", NodeCategory.SERVER);
  public static final ServiceType PHP = new ServiceType(1500, "PHP", NodeCategory.SERVER);
  public static final ServiceType PYTHON = new ServiceType(1700, "PYTHON", NodeCategory.SERVER);
  public static final ServiceType GO = new ServiceType(1800, "GO", NodeCategory.SERVER);
  public static final ServiceType UNKNOWN_DB = new ServiceType(2050, "UNKNOWN_DB", NodeCategory.DATABASE);
  public static final ServiceType OPENTELEMETRY_DB =
      new ServiceType(2060, "OPENTELEMETRY_DB", NodeCategory.DATABASE);
  public static final ServiceType MYSQL = new ServiceType(2100, "MYSQL", NodeCategory.DATABASE);
  public static final ServiceType MARIADB = new ServiceType(2150, "MARIADB", NodeCategory.DATABASE);
  public static final ServiceType MSSQL = new ServiceType(2200, "MSSQL", NodeCategory.DATABASE);
  public static final ServiceType ORACLE = new ServiceType(2300, "ORACLE", NodeCategory.DATABASE);
  public static final ServiceType CUBRID = new ServiceType(2400, "CUBRID", NodeCategory.DATABASE);
  public static final ServiceType POSTGRESQL = new ServiceType(2500, "POSTGRESQL", NodeCategory.DATABASE);
  public static final ServiceType CASSANDRA = new ServiceType(2600, "CASSANDRA", NodeCategory.DATABASE);
  public static final ServiceType MONGO = new ServiceType(2650, "MONGO", NodeCategory.DATABASE);
  public static final ServiceType H2 = new ServiceType(2750, "H2", NodeCategory.DATABASE);
  public static final ServiceType CLICK_HOUSE = new ServiceType(2800, "CLICK_HOUSE", NodeCategory.DATABASE);
  public static final ServiceType INTERNAL_METHOD =
      new ServiceType(5000, "INTERNAL_METHOD", NodeCategory.UNKNOWN);
  public static final ServiceType MEMCACHED = new ServiceType(8050, "MEMCACHED", NodeCategory.CACHE);
  public static final ServiceType REDIS = new ServiceType(8200, "REDIS", NodeCategory.CACHE);
  public static final ServiceType RABBITMQ = new ServiceType(8300, "RABBITMQ_CLIENT", NodeCategory.QUEUE);
  public static final ServiceType ACTIVEMQ = new ServiceType(8310, "ACTIVEMQ_CLIENT", NodeCategory.QUEUE);
  public static final ServiceType KAFKA = new ServiceType(8660, "KAFKA_CLIENT", NodeCategory.QUEUE);
  public static final ServiceType PULSAR = new ServiceType(8670, "PULSAR_CLIENT", NodeCategory.QUEUE);
  public static final ServiceType HBASE = new ServiceType(8800, "HBASE_CLIENT", NodeCategory.DATABASE);
  public static final ServiceType GRPC_CLIENT = new ServiceType(9160, "GRPC", NodeCategory.UNKNOWN);
  public static final ServiceType ELASTICSEARCH =
      new ServiceType(9203, "ELASTICSEARCH", NodeCategory.DATABASE);
  public static final ServiceType OPENTELEMETRY_CLIENT =
      new ServiceType(9310, "OPENTELEMETRY_CLIENT", NodeCategory.UNKNOWN);
  /** A queue destination without a more specific broker type (used for messaging systems we don't know). */
  public static final ServiceType OPENTELEMETRY_QUEUE =
      new ServiceType(8399, "OPENTELEMETRY_QUEUE", NodeCategory.QUEUE);
  /** A cache without a more specific type. */
  public static final ServiceType OPENTELEMETRY_CACHE =
      new ServiceType(8299, "OPENTELEMETRY_CACHE", NodeCategory.CACHE);

  private static final Map<Integer, ServiceType> BY_CODE = new TreeMap<>();
  private static final Map<String, ServiceType> BY_NAME = new LinkedHashMap<>();
  private static final Map<String, ServiceType> BY_LANGUAGE = Map.of(
      "java", JAVA,
      "python", PYTHON,
      "nodejs", NODE,
      "go", GO,
      "php", PHP,
      "cpp", C_CPP);
  private static final Map<String, ServiceType> BY_DB_SYSTEM = Map.ofEntries(
      Map.entry("mysql", MYSQL),
      Map.entry("mariadb", MARIADB),
      Map.entry("mssql", MSSQL),
      Map.entry("microsoft.sql_server", MSSQL),
      Map.entry("oracle", ORACLE),
      Map.entry("oracle.db", ORACLE),
      Map.entry("cubrid", CUBRID),
      Map.entry("postgresql", POSTGRESQL),
      Map.entry("cassandra", CASSANDRA),
      Map.entry("mongodb", MONGO),
      Map.entry("h2", H2),
      Map.entry("clickhouse", CLICK_HOUSE),
      Map.entry("hbase", HBASE),
      Map.entry("elasticsearch", ELASTICSEARCH),
      Map.entry("redis", REDIS),
      Map.entry("memcached", MEMCACHED));
  private static final Map<String, ServiceType> BY_MESSAGING_SYSTEM = Map.of(
      "kafka", KAFKA,
      "rabbitmq", RABBITMQ,
      "activemq", ACTIVEMQ,
      "pulsar", PULSAR);

  static {
    register(UNDEFINED, UNKNOWN, USER, UNKNOWN_CALLER, STAND_ALONE, JAVA, TOMCAT, GRPC_SERVER, SPRING_BOOT,
        OPENTELEMETRY_SERVER, C_CPP, NODE, PHP, PYTHON, GO, UNKNOWN_DB, OPENTELEMETRY_DB, MYSQL, MARIADB, MSSQL,
        ORACLE, CUBRID, POSTGRESQL, CASSANDRA, MONGO, H2, CLICK_HOUSE, INTERNAL_METHOD, MEMCACHED, REDIS,
        OPENTELEMETRY_CACHE, RABBITMQ, ACTIVEMQ, OPENTELEMETRY_QUEUE, KAFKA, PULSAR, HBASE, GRPC_CLIENT,
        ELASTICSEARCH, OPENTELEMETRY_CLIENT);
    // The rest of Pinpoint's table: types that arrive as codes (from Pinpoint headers or stored keys) and
    // are drawn by name, but that no Pinscope code refers to.
    register(NodeCategory.SERVER, "1030 JETTY, 1040 JBOSS, 1050 VERTX, 1060 WEBSPHERE, 1070 WEBLOGIC,"
        + " 1100 THRIFT_SERVER, 1110 DUBBO_PROVIDER, 1120 UNDERTOW, 1140 REACTOR_NETTY, 1150 ARMERIA,"
        + " 1221 OPENTELEMETRY_INTERNAL, 1310 AKKA_HTTP_SERVER, 1550 ENVOY");
    register(NodeCategory.DATABASE, "2051 UNKNOWN_DB_EXECUTE_QUERY, 2061 OPENTELEMETRY_DB_EXECUTE_QUERY,"
        + " 2101 MYSQL_EXECUTE_QUERY, 2810 AWS_SDK_S3");
    register(NodeCategory.CACHE, "8100 ARCUS, 8201 REDIS_LETTUCE, 8203 REDIS_REDISSON");
    register(NodeCategory.UNKNOWN, "9050 HTTP_CLIENT_3, 9052 HTTP_CLIENT_4, 9055 JDK_HTTPURLCONNECTOR,"
        + " 9058 OK_HTTP_CLIENT, 9062 HTTP_CLIENT_5, 9065 JDK_HTTP_CLIENT, 9100 THRIFT_CLIENT, 9110 DUBBO_CONSUMER,"
        + " 9140 REST_TEMPLATE, 9150 NETTY, 9153 SPRING_WEBFLUX_CLIENT, 9301 ENVOY_INGRESS, 9302 ENVOY_EGRESS,"
        + " 9401 GO_HTTP_CLIENT");
  }

  /** Registers the types of {@code table} ({@code <code> <NAME>} entries separated by commas) in {@code category}. */
  private static void register(NodeCategory category, String table) {
    for (String entry : table.split(",")) {
      String[] codeAndName = entry.trim().split(" ");
      register(new ServiceType(Integer.parseInt(codeAndName[0]), codeAndName[1], category));
    }
  }

  private static void register(ServiceType... types) {
    for (ServiceType t : types) {
      ServiceType byCode = BY_CODE.putIfAbsent(t.code(), t);
      ServiceType byName = BY_NAME.putIfAbsent(t.name(), t);
      if (byCode != null || byName != null) {
        throw new IllegalStateException("service type " + t + " clashes with " + (byCode != null ? byCode : byName));
      }
    }
  }

  /** The type with this code; unknown codes give {@link #UNDEFINED}. */
  public static ServiceType ofCode(int code) {
    return BY_CODE.getOrDefault(code, UNDEFINED);
  }

  /** The type with this name (case-insensitive), or null. */
  public static @Nullable ServiceType ofName(String name) {
    return BY_NAME.get(name.toUpperCase(Locale.ROOT));
  }

  /** Every registered type, by code. */
  public static Collection<ServiceType> all() {
    return Collections.unmodifiableCollection(BY_CODE.values());
  }

  /**
   * The application type for an OTel {@code telemetry.sdk.language}; {@link #OPENTELEMETRY_SERVER} for
   * languages without a Pinpoint code or when the attribute is absent.
   */
  public static ServiceType forLanguage(@Nullable String language) {
    if (language == null) {
      return OPENTELEMETRY_SERVER;
    }
    return BY_LANGUAGE.getOrDefault(language.toLowerCase(Locale.ROOT), OPENTELEMETRY_SERVER);
  }

  /** The node type for {@code db.system} / {@code db.system.name}; {@link #OPENTELEMETRY_DB} if unknown. */
  public static ServiceType forDbSystem(String dbSystem) {
    return BY_DB_SYSTEM.getOrDefault(dbSystem.toLowerCase(Locale.ROOT), OPENTELEMETRY_DB);
  }

  /** The queue type for {@code messaging.system}; {@link #OPENTELEMETRY_QUEUE} if unknown. */
  public static ServiceType forMessagingSystem(String messagingSystem) {
    return BY_MESSAGING_SYSTEM.getOrDefault(
        messagingSystem.toLowerCase(Locale.ROOT), OPENTELEMETRY_QUEUE);
  }

  private ServiceTypeRegistry() {}
}
