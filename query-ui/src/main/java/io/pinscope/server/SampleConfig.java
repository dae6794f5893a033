package io.pinscope.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The distribution's {@code conf/pinscope.properties}: every {@link ServerConfig#OPTIONS option} but
 * {@code config}, commented out at its default with its meaning, so that uncommenting a line sets it. Written at
 * build time ({@code mvn package}), so it always lists the options of the jar beside it.
 */
public final class SampleConfig {
  private SampleConfig() {}

  /** The file's text. */
  static String text() {
    StringBuilder b = new StringBuilder("""
        # Pinscope configuration: uncomment a line to set it. bin/pinscope reads this file unless PINSCOPE_CONFIG
        # or --config names another. Flags (--name value) win over environment variables (PINSCOPE_NAME), which
        # win over this file; `bin/pinscope --help` lists every option.
        """);
    for (ServerConfig.Option o : ServerConfig.OPTIONS) {
      if (o.name().equals("config")) {
        continue;
      }
      // ingest-threads defaults to the machine's processors: the build machine's count would mislead.
      String value = o.name().equals("ingest-threads") ? "4" : o.defaultValue();
      String note = o.name().equals("ingest-threads") ? "; default: the number of processors" : "";
      b.append(String.format(Locale.ROOT, "%n# %s (%s%s)%n#%s=%s%n", o.help(), o.env(), note, o.name(), value));
    }
    return b.toString();
  }

  /** Writes the file to {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("arguments: " + args.length + " (expected: the file to write)");
    }
    Path file = Path.of(args[0]);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, text(), StandardCharsets.UTF_8);
  }
}
