package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
  @TempDir
  Path dir;

  @Test
  void defaults_areTheDocumentedOnes() {
    ServerConfig c = ServerConfig.parse(new String[0], Map.of());

    assertThat(c.role()).isEqualTo("all-in-one");
    assertThat(c.queryPort()).isEqualTo(8080);
    assertThat(c.receiver().grpcPort()).isEqualTo(4317);
    assertThat(c.receiver().httpPort()).isEqualTo(4318);
    assertThat(c.receiver().maxBodyBytes()).isEqualTo(64L << 20);
    assertThat(c.receiver().statistics().pairingWindow()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.receiver().statistics().latePairingWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.storage().engine()).isEqualTo("rocksdb");
    assertThat(c.storage().dataDirectory()).isEqualTo(Path.of("data"));
    assertThat(c.storage().retention().traces()).isEqualTo(Duration.ofDays(14));
    assertThat(c.agentNoData()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void flagsBeatEnvironment_whichBeatsTheFile() throws Exception {
    Path file = dir.resolve("pinscope.properties");
    Files.writeString(file, "grpc-port=5000\nhttp-port=5001\nquery-port=5002\nstorage=memory\n");

    ServerConfig c = ServerConfig.parse(new String[] {"--grpc-port", "6000", "--config=" + file},
        Map.of("PINSCOPE_GRPC_PORT", "7000", "PINSCOPE_HTTP_PORT", "7001"));

    assertThat(c.receiver().grpcPort()).isEqualTo(6000);
    assertThat(c.receiver().httpPort()).isEqualTo(7001);
    assertThat(c.queryPort()).isEqualTo(5002);
    assertThat(c.storage().engine()).isEqualTo("memory");
  }

  @Test
  void agentNoData_isMinutes_atLeastOne() {
    assertThat(ServerConfig.parse(new String[] {"--agent-no-data-minutes", "15"}, Map.of()).agentNoData())
        .isEqualTo(Duration.ofMinutes(15));
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--agent-no-data-minutes", "0"}, Map.of()))
        .hasMessage("agent-no-data-minutes: 0 (expected: 1..10080)");
  }

  @Test
  void demo_isOff_andABareFlagTurnsItOn() {
    assertThat(ServerConfig.parse(new String[0], Map.of()).demo()).isFalse();
    assertThat(ServerConfig.parse(new String[] {"--demo"}, Map.of()).demo()).isTrue();
    ServerConfig c = ServerConfig.parse(new String[] {"--demo", "--storage", "memory"}, Map.of());
    assertThat(c.demo()).isTrue();
    assertThat(c.storage().engine()).isEqualTo("memory");
    assertThat(ServerConfig.parse(new String[] {"--demo", "false"}, Map.of()).demo()).isFalse();
    assertThat(ServerConfig.parse(new String[] {"--demo=true"}, Map.of()).demo()).isTrue();
    assertThat(ServerConfig.parse(new String[0], Map.of("PINSCOPE_DEMO", "true")).demo()).isTrue();
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--demo", "yes"}, Map.of()))
        .hasMessage("demo: yes (expected: true or false)");
  }

  @Test
  void badInput_isRejectedWithTheFix() {
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--nope", "1"}, Map.of()))
        .hasMessageContaining("option: nope is unknown").hasMessageContaining("see --help");
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--http-port"}, Map.of()))
        .hasMessageContaining("argument: --http-port (expected: --name value");
    assertThatThrownBy(() -> ServerConfig.parse(new String[0], Map.of("PINSCOPE_QUERY_PORT", "70000")))
        .hasMessage("query-port: 70000 (expected: 0..65535)");
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--config", dir.resolve("missing").toString()},
        Map.of())).hasMessageContaining("cannot be read").hasMessageContaining("--config or PINSCOPE_CONFIG");
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--grpc-port", "4318"}, Map.of()))
        .hasMessageContaining("httpPort: 4318 (expected: different from grpcPort)");
  }
}
