package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.server.auth.TokenHash;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pinscope backup}'s admin token: from {@code PINSCOPE_TOKEN} or {@code --token-file}, never from the
 * command line; sent to a server with auth on.
 */
class BackupCommandTest {
  private static final String ADMIN = "admin-token-0123456789abcdef";
  private static final String READ = "read-token-0123456789abcdef";

  @TempDir
  Path dir;

  private BackupCommand.Options parse(Map<String, String> env, String... args) {
    return BackupCommand.parse(args, env);
  }

  @Test
  void tokenOnTheCommandLine_isRefused_withoutEchoingIt() {
    for (String[] args : new String[][] {{"--to", "/b", "--server", "http://localhost:8080", "--token", ADMIN},
        {"--to", "/b", "--server", "http://localhost:8080", "--token=" + ADMIN}}) {
      assertThatThrownBy(() -> parse(Map.of(), args)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("PINSCOPE_TOKEN").hasMessageContaining("--token-file")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(ADMIN));
    }
  }

  @Test
  void token_fromTheEnvironment_orAFile_orNone() throws Exception {
    String[] args = {"--to", "/b", "--server", "http://localhost:8080"};
    assertThat(parse(Map.of(BackupCommand.TOKEN_ENV, ADMIN), args).token()).isEqualTo(ADMIN);
    assertThat(parse(Map.of(), args).token()).isNull();
    Path file = Files.writeString(dir.resolve("token"), ADMIN + "\n");
    assertThat(parse(Map.of(BackupCommand.TOKEN_ENV, READ), "--to", "/b", "--server", "http://localhost:8080",
        "--token-file", file.toString()).token()).as("the file wins").isEqualTo(ADMIN);
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertThatThrownBy(() -> parse(Map.of(), "--to", "/b", "--server", "http://x:1", "--token-file",
        empty.toString())).hasMessageContaining("is empty");
    assertThatThrownBy(() -> parse(Map.of(), "--to", "/b", "--server", "http://x:1", "--token-file",
        dir.resolve("missing").toString())).hasMessageContaining("cannot read");
  }

  @Test
  void withAuthOn_theTokenIsSent() throws Exception {
    Path tokens = Files.writeString(dir.resolve("tokens"), "admin " + TokenHash.of(ADMIN) + "\nread "
        + TokenHash.of(READ) + "\n");
    try (PinscopeServer server = PinscopeServer.start(ServerConfig.parse(new String[] {"--storage", "memory",
        "--bind", "127.0.0.1", "--grpc-port", "0", "--http-port", "0", "--query-port", "0", "--alarms", "false",
        "--auth-tokens", tokens.toString()}, Map.of()))) {
      String url = "http://127.0.0.1:" + server.ports()[2];
      String to = dir.resolve("b").toString();
      assertThat(run(Map.of(), "--to", to, "--server", url)).contains("401");
      assertThat(run(Map.of(BackupCommand.TOKEN_ENV, READ), "--to", to, "--server", url)).contains("403");
      // Past the token check: the memory engine takes no checkpoints.
      assertThat(run(Map.of(BackupCommand.TOKEN_ENV, ADMIN), "--to", to, "--server", url))
          .contains("400", "memory engine cannot take checkpoints");
    }
  }

  private String run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    BackupCommand.run(BackupCommand.parse(args, env), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return err.toString(StandardCharsets.UTF_8);
  }
}
