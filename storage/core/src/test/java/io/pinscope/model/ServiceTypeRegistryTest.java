package io.pinscope.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

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
