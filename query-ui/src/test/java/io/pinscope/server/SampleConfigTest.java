package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution's sample configuration lists every option, commented out, and is valid once uncommented. */
class SampleConfigTest {
  @TempDir
  Path dir;

  @Test
  void listsEveryOptionCommentedOut_andParsesWhenUncommented() throws Exception {
    Path sample = dir.resolve("conf/pinscope.properties");
    SampleConfig.main(new String[] {sample.toString()});
    String text = Files.readString(sample);
    for (ServerConfig.Option o : ServerConfig.OPTIONS) {
      if (!o.name().equals("config")) {
        assertThat(text).as(o.name()).contains("\n#" + o.name() + "=", o.env());
      }
    }
    assertThat(text.lines().filter(l -> !l.isEmpty() && !l.startsWith("#"))).as("nothing set").isEmpty();

    Path uncommented = dir.resolve("all.properties");
    Files.writeString(uncommented, text.lines().map(l -> l.matches("#[a-z-]+=.*") ? l.substring(1) : l)
        .collect(Collectors.joining("\n")));
    ServerConfig config = ServerConfig.parse(new String[] {"--config", uncommented.toString()}, Map.of());
    assertThat(config.queryBindAddress()).isEqualTo("0.0.0.0");
    assertThat(config.tls()).isNull();
    assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.receiver().grpcPort()).isEqualTo(4317);
  }

  @Test
  void shutdownTimeout_isValidated() {
    assertThat(ServerConfig.parse(new String[] {"--shutdown-timeout-seconds", "5", "--query-bind", "127.0.0.1"},
        Map.of()).shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--shutdown-timeout-seconds", "0"}, Map.of()))
        .hasMessage("shutdown-timeout-seconds: 0 (expected: 1..3600)");
  }
}
