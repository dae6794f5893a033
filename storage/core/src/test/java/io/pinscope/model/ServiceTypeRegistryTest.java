package io.pinscope.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceTypeRegistryTest {
  @Test
  void codes_matchPinpoint() {
    assertThat(ServiceTypeRegistry.ofCode(1010)).isEqualTo(ServiceTypeRegistry.TOMCAT);
    assertThat(ServiceTypeRegistry.ofCode(2100).name()).isEqualTo("MYSQL");
    assertThat(ServiceTypeRegistry.ofCode(8200).category()).isEqualTo(NodeCategory.CACHE);
    assertThat(ServiceTypeRegistry.ofCode(8660).category()).isEqualTo(NodeCategory.QUEUE);
    assertThat(ServiceTypeRegistry.ofCode(2).category()).isEqualTo(NodeCategory.USER);
    assertThat(ServiceTypeRegistry.ofCode(424242)).isEqualTo(ServiceTypeRegistry.UNDEFINED);
    assertThat(ServiceTypeRegistry.ofName("postgresql")).isEqualTo(ServiceTypeRegistry.POSTGRESQL);
  }

  /**
   * Every node and call type of reference/pinpoint.md §2.6 (the SERVER, DATABASE, CACHE, MESSAGE_BROKER,
   * HBASE and RPC rows), with the node category its row gives. Two deliberate differences: 8300 has the
   * name of Pinpoint's current RabbitMQ plugin, and ELASTICSEARCH is a database (see the registry).
   */
  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
      "1000, STAND_ALONE, SERVER", "1001, JAVA, SERVER", "1010, TOMCAT, SERVER", "1030, JETTY, SERVER",
      "1040, JBOSS, SERVER", "1050, VERTX, SERVER", "1060, WEBSPHERE, SERVER", "1070, WEBLOGIC, SERVER",
      "1100, THRIFT_SERVER, SERVER", "1110, DUBBO_PROVIDER, SERVER", "1120, UNDERTOW, SERVER",
      "1130, GRPC_SERVER, SERVER", "1140, REACTOR_NETTY, SERVER", "1150, ARMERIA, SERVER",
      "1210, SPRING_BOOT, SERVER", "1220, OPENTELEMETRY_SERVER, SERVER", "1221, OPENTELEMETRY_INTERNAL, SERVER",
      "1300, C_CPP, SERVER", "1310, AKKA_HTTP_SERVER, SERVER", "1400, NODE, SERVER", "1500, PHP, SERVER",
      "1550, ENVOY, SERVER", "1700, PYTHON, SERVER", "1800, GO, SERVER",
      "2050, UNKNOWN_DB, DATABASE", "2051, UNKNOWN_DB_EXECUTE_QUERY, DATABASE", "2060, OPENTELEMETRY_DB, DATABASE",
      "2061, OPENTELEMETRY_DB_EXECUTE_QUERY, DATABASE", "2100, MYSQL, DATABASE",
      "2101, MYSQL_EXECUTE_QUERY, DATABASE", "2150, MARIADB, DATABASE", "2200, MSSQL, DATABASE",
      "2300, ORACLE, DATABASE", "2400, CUBRID, DATABASE", "2500, POSTGRESQL, DATABASE",
      "2600, CASSANDRA, DATABASE", "2650, MONGO, DATABASE", "2750, H2, DATABASE", "2800, CLICK_HOUSE, DATABASE",
      "2810, AWS_SDK_S3, DATABASE",
      "8050, MEMCACHED, CACHE", "8100, ARCUS, CACHE", "8200, REDIS, CACHE", "8201, REDIS_LETTUCE, CACHE",
      "8203, REDIS_REDISSON, CACHE",
      "8300, RABBITMQ_CLIENT, QUEUE", "8310, ACTIVEMQ_CLIENT, QUEUE", "8660, KAFKA_CLIENT, QUEUE",
      "8670, PULSAR_CLIENT, QUEUE",
      "8800, HBASE_CLIENT, DATABASE",
      "9050, HTTP_CLIENT_3, UNKNOWN", "9052, HTTP_CLIENT_4, UNKNOWN", "9055, JDK_HTTPURLCONNECTOR, UNKNOWN",
      "9058, OK_HTTP_CLIENT, UNKNOWN", "9062, HTTP_CLIENT_5, UNKNOWN", "9065, JDK_HTTP_CLIENT, UNKNOWN",
      "9100, THRIFT_CLIENT, UNKNOWN", "9110, DUBBO_CONSUMER, UNKNOWN", "9140, REST_TEMPLATE, UNKNOWN",
      "9150, NETTY, UNKNOWN", "9153, SPRING_WEBFLUX_CLIENT, UNKNOWN", "9160, GRPC, UNKNOWN",
      "9203, ELASTICSEARCH, DATABASE", "9301, ENVOY_INGRESS, UNKNOWN", "9302, ENVOY_EGRESS, UNKNOWN",
      "9310, OPENTELEMETRY_CLIENT, UNKNOWN", "9401, GO_HTTP_CLIENT, UNKNOWN"})
  void referenceTable_resolvesByCodeAndName(int code, String name, NodeCategory category) {
    ServiceType type = ServiceTypeRegistry.ofCode(code);

    assertThat(type.name()).isEqualTo(name);
    assertThat(type.category()).isEqualTo(category);
    assertThat(ServiceTypeRegistry.ofName(name)).isSameAs(type);
  }

  @Test
  void springBoot_isAnApplicationType() {
    assertThat(ServiceTypeRegistry.ofCode(1210)).isEqualTo(ServiceTypeRegistry.SPRING_BOOT);
    assertThat(ServiceTypeRegistry.SPRING_BOOT.name()).isEqualTo("SPRING_BOOT");
    assertThat(ServiceTypeRegistry.SPRING_BOOT.category()).isEqualTo(NodeCategory.SERVER);
    assertThat(ServiceTypeRegistry.SPRING_BOOT.isTerminal()).isFalse();
  }

  @Test
  void methodTypes_areNotApplications() {
    assertThat(ServiceTypeRegistry.ofCode(1011)).isEqualTo(ServiceTypeRegistry.UNDEFINED);
    assertThat(ServiceTypeRegistry.ofName("TOMCAT_METHOD")).isNull();
  }

  @Test
  void codesAndNames_areUnique() {
    Set<Integer> codes = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (ServiceType t : ServiceTypeRegistry.all()) {
      assertThat(codes.add(t.code())).as("code %s", t.code()).isTrue();
      assertThat(names.add(t.name())).as("name %s", t.name()).isTrue();
    }
  }

  @Test
  void all_isInCodeOrder() {
    assertThat(ServiceTypeRegistry.all()).extracting(ServiceType::code).isSorted();
  }

  @Test
  void otelAttributes_mapToTypes() {
    assertThat(ServiceTypeRegistry.forLanguage("java")).isEqualTo(ServiceTypeRegistry.JAVA);
    assertThat(ServiceTypeRegistry.forLanguage("nodejs")).isEqualTo(ServiceTypeRegistry.NODE);
    assertThat(ServiceTypeRegistry.forLanguage("python")).isEqualTo(ServiceTypeRegistry.PYTHON);
    assertThat(ServiceTypeRegistry.forLanguage("go")).isEqualTo(ServiceTypeRegistry.GO);
    assertThat(ServiceTypeRegistry.forLanguage("erlang")).isEqualTo(ServiceTypeRegistry.OPENTELEMETRY_SERVER);
    assertThat(ServiceTypeRegistry.forLanguage(null)).isEqualTo(ServiceTypeRegistry.OPENTELEMETRY_SERVER);
    assertThat(ServiceTypeRegistry.forDbSystem("MySQL")).isEqualTo(ServiceTypeRegistry.MYSQL);
    assertThat(ServiceTypeRegistry.forDbSystem("redis").category()).isEqualTo(NodeCategory.CACHE);
    assertThat(ServiceTypeRegistry.forDbSystem("couchdb")).isEqualTo(ServiceTypeRegistry.OPENTELEMETRY_DB);
    assertThat(ServiceTypeRegistry.forMessagingSystem("kafka")).isEqualTo(ServiceTypeRegistry.KAFKA);
    assertThat(ServiceTypeRegistry.forMessagingSystem("sqs")).isEqualTo(ServiceTypeRegistry.OPENTELEMETRY_QUEUE);
  }
}
