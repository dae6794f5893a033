package io.pinscope.server;

import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code pinscope backup --to DIR (--server URL | --data-dir D)}: an online, consistent checkpoint of
 * the embedded store. With {@code --server}, the running server writes it ({@code POST} {@link BackupService#PATH}
 * on its query port; {@code DIR} is on the server's file system): a separate process cannot open a store a
 * server holds (RocksDB's {@code LOCK}), and a RocksDB secondary or read-only instance cannot checkpoint reliably
 * (it sees only what the primary flushed, and its checkpoint may wait for a flush it never makes). Without it,
 * the command opens the data directory itself (the server must be stopped) and checkpoints it. With auth on, the
 * admin token comes from {@value #TOKEN_ENV} or {@code --token-file FILE}, never from the command line (where
 * every user of the machine can read it in the process list): {@code --token} is refused.
 */
final class BackupCommand {
  static final String NAME = "backup";
  /** The environment variable holding the admin token for {@code --server}. */
  static final String TOKEN_ENV = "PINSCOPE_TOKEN";

  /** The parsed options: {@code server} null for an offline backup of {@code storage}'s data directory. */
  record Options(Path to, @Nullable URI server, @Nullable String token, ServerConfig storage) {}

  private BackupCommand() {}

  static String usage() {
    return """
        Usage: java -jar pinscope.jar backup --to DIR --server URL [--token-file FILE]
               java -jar pinscope.jar backup --to DIR --data-dir D          (server stopped)
          Writes a consistent checkpoint of the rocksdb store into DIR (new or empty), while ingest goes on.
          --server URL: the running server's query port, e.g. http://localhost:8080; it writes the checkpoint,
                        so DIR is a path on the server's machine (absolute). With auth on, an admin token
                        from the PINSCOPE_TOKEN environment variable or --token-file FILE (its first line);
                        never on the command line. With auth off, run it on the server's machine.
          --data-dir D: the store of a stopped server, opened by this command.
          Bring a backup back with: java -jar pinscope.jar restore --from DIR --data-dir D
        """;
  }

  static Options parse(String[] args, Map<String, String> env) {
    String to = null;
    String server = null;
    String tokenFile = null;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--to" -> to = value(args, ++i, "--to");
        case "--server" -> server = value(args, ++i, "--server");
        case "--token-file" -> tokenFile = value(args, ++i, "--token-file");
        default -> {
          if (args[i].startsWith("--token")) {
            // Never echoed: the value may be the token itself.
            throw new IllegalArgumentException("--token: refused, a token on the command line is visible in the "
                + "process list (expected: the " + TOKEN_ENV + " environment variable or --token-file FILE)");
          }
          rest.add(args[i]);
        }
      }
    }
    if (to == null) {
      throw new IllegalArgumentException("--to: missing (expected: the backup directory, new or empty)");
    }
    URI uri = null;
    if (server != null) {
      uri = URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
      if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
        throw new IllegalArgumentException("--server: " + server + " (expected: http(s)://host:query-port)");
      }
      if (!rest.isEmpty()) {
        throw new IllegalArgumentException("argument: " + rest.get(0)
            + " (expected with --server: --to, --token-file)");
      }
    }
    String token = tokenFile != null ? readToken(Path.of(tokenFile)) : env.get(TOKEN_ENV);
    if (token != null && token.isBlank()) {
      token = null;
    }
    return new Options(Path.of(to), uri, token, ServerConfig.parse(rest.toArray(String[]::new), env));
  }

  /** The first line of {@code file}, stripped. */
  private static String readToken(Path file) {
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      String token = lines.findFirst().orElse("").strip();
      if (token.isEmpty()) {
        throw new IllegalArgumentException("--token-file: " + file + " is empty (expected: the token on its first "
            + "line)");
      }
      return token;
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalArgumentException("--token-file: cannot read " + file + " (" + e.getMessage() + ")");
    }
  }

  static int run(Options options, PrintStream out, PrintStream err) {
    return options.server() != null ? online(options, out, err) : offline(options, out, err);
  }

  private static int online(Options options, PrintStream out, PrintStream err) {
    String to = options.to().isAbsolute() ? options.to().toString() : options.to().toAbsolutePath().toString();
    String body = "{\"to\":\"" + to.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(options.server() + BackupService.PATH))
        .timeout(Duration.ofHours(1)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (options.token() != null) {
      request.header("Authorization", "Bearer " + options.token());
    }
    try {
      HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
          .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() != 200) {
        err.println("pinscope backup: the server answered " + response.statusCode() + ": " + response.body());
        return 1;
      }
      out.println("backup written by " + options.server() + ": " + response.body());
      return 0;
    } catch (IOException e) {
      err.println("pinscope backup: cannot reach " + options.server() + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private static int offline(Options options, PrintStream out, PrintStream err) {
    StorageConfig config = options.storage().storage();
    Path data = config.dataDirectory();
    try (Storage storage = Storage.open(config)) {
      Backups.Taken taken = Backups.take(storage, options.to(),
          Backups.offlineState(data, System.currentTimeMillis()));
      out.printf("backup of %s written to %s: %d files, %d bytes%n", data, taken.path(), taken.files(),
          taken.bytes());
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("pinscope backup: " + e.getMessage());
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("pinscope backup: failed: " + e.getMessage() + (config.engine().equals("rocksdb")
          ? " (while a server runs on " + data + ", use --server URL instead)" : ""));
      return 1;
    }
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + ": missing value (see backup --help)");
    }
    return args[i];
  }
}
