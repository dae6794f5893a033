package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.storage.Retention;
import io.pinscope.storage.Storage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code pinscope hbase-schema} prints the engine's DDL for the namespace, salt buckets and retention given. */
class HBaseSchemaCommandTest {
  @Test
  void printsOneCreatePerTable_inTheNamespace_splitPerBucket_withTheRetentionsTtl() {
    String ddl = run(new String[] {"--hbase-namespace", "apm", "--hbase-salt-buckets", "4", "--retention-days", "7"},
        Map.of());

    List<String> lines = ddl.lines().toList();
    int tables = Storage.tables(Retention.DEFAULTS).size();
    assertThat(lines).contains("create_namespace 'apm'");
    assertThat(lines).filteredOn(l -> l.startsWith("create 'apm:")).hasSize(tables)
        .allSatisfy(l -> assertThat(l).endsWith("SPLITS => [\"\\x01\", \"\\x02\", \"\\x03\"]"));
    assertThat(lines).filteredOn(l -> l.startsWith("create 'apm:traces'")).singleElement().asString()
        .contains("{NAME => 's', VERSIONS => 1, TTL => " + 7 * 86_400 + ",");
  }

  @Test
  void defaults_andTheEnvironment_areTheServers() {
    assertThat(run(new String[0], Map.of())).contains("create_namespace 'pinscope'", "create 'pinscope:traces'",
        "TTL => " + 14 * 86_400, "\\x0F\"]").doesNotContain("\\x10");
    assertThat(run(new String[0], Map.of("PINSCOPE_HBASE_NAMESPACE", "ops"))).contains("create_namespace 'ops'");
  }

  @Test
  void otherOptionsAndBadValues_areRejectedNamingTheFix() {
    assertThatThrownBy(() -> HBaseSchemaCommand.parse(new String[] {"--role", "query"}, Map.of()))
        .hasMessage("option: role (expected one of --hbase-namespace, --hbase-salt-buckets, --retention-days, "
            + "--config; see hbase-schema --help)");
    assertThatThrownBy(() -> HBaseSchemaCommand.parse(new String[] {"--hbase-salt-buckets", "300"}, Map.of()))
        .hasMessage("hbase-salt-buckets: 300 (expected: 1..256)");
  }

  private static String run(String[] args, Map<String, String> env) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = HBaseSchemaCommand.run(HBaseSchemaCommand.parse(args, env), new PrintStream(out, true,
        StandardCharsets.UTF_8));
    assertThat(code).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }
}
