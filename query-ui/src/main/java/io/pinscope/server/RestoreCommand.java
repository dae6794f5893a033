package io.pinscope.server;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code pinscope restore --from DIR --data-dir D [--force]}: copies a backup ({@link BackupCommand}) into a data
 * directory, which must be missing or empty unless {@code --force} (then its contents are replaced; refused while
 * a server holds it). A server started on {@code D} then rebuilds the statistics the backup had not flushed.
 */
final class RestoreCommand {
  static final String NAME = "restore";

  record Options(Path from, Path dataDirectory, boolean force) {}

  private RestoreCommand() {}

  static String usage() {
    return """
        Usage: java -jar pinscope.jar restore --from DIR --data-dir D [--force]
          Copies the backup DIR (written by pinscope backup) into the data directory D, which must be missing or
          empty; --force replaces what D holds (refused while a server runs on it). Then start the server on D.
        """;
  }

  static Options parse(String[] args) {
    String from = null;
    String data = null;
    boolean force = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--from" -> from = value(args, ++i, "--from");
        case "--data-dir" -> data = value(args, ++i, "--data-dir");
        case "--force" -> force = true;
        default -> throw new IllegalArgumentException("argument: " + args[i]
            + " (expected: --from DIR --data-dir D [--force])");
      }
    }
    if (from == null || data == null) {
      throw new IllegalArgumentException("--from and --data-dir are required (expected: --from DIR --data-dir D)");
    }
    return new Options(Path.of(from), Path.of(data), force);
  }

  static int run(Options options, PrintStream out, PrintStream err) {
    try {
      Backups.Restored r = Backups.restore(options.from(), options.dataDirectory(), options.force());
      out.printf("restored %s into %s: %d files, %d bytes%n", options.from().toAbsolutePath().normalize(),
          r.dataDirectory(), r.files(), r.bytes());
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("pinscope restore: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("pinscope restore: failed: " + e.getMessage());
      return 1;
    }
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + ": missing value (see restore --help)");
    }
    return args[i];
  }
}
