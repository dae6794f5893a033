package io.pinscope.compat.otlp;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sender script of another runtime ({@code compat-tests/otlp-senders/python/send.py},
 * {@code .../node/send.js}) run once for all its cells: each argument is a cell
 * {@code PROTOCOL|COMPRESSION|ENDPOINT|SERVICE}, and the script prints one line per cell,
 * {@code CELL <protocol> <compression> OK <trace id>} or {@code CELL <protocol> <compression> FAIL <reason>}.
 * A cell the script says nothing of fails with the end of its output.
 *
 * @param name for messages, e.g. "Python SDK"
 * @param command the interpreter and the script; the cells follow
 * @param env added to the environment (every {@code OTEL_*} variable of this JVM's is removed)
 */
record ScriptSender(String name, List<String> command, Map<String, String> env) {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final Pattern CELL = Pattern.compile("(?m)^CELL (\\S+) (\\S+) (OK|FAIL) ?(.*)$");

  /** One cell as the script takes it. */
  record Cell(String protocol, String compression, String endpoint, String service) {
    String argument() {
      return String.join("|", protocol, compression, endpoint, service);
    }

    String key() {
      return protocol + " " + compression;
    }
  }

  /** Runs the script for {@code cells} (its output goes to {@code log}); returns what it said of each. */
  Map<Cell, Sent> send(List<Cell> cells, Path log) throws IOException, InterruptedException {
    List<String> commandLine = new ArrayList<>(command);
    cells.forEach(c -> commandLine.add(c.argument()));
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(commandLine).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String problem = null;
    if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      problem = name + " did not finish within " + TIMEOUT;
    } else if (p.exitValue() != 0) {
      problem = name + " exited with " + p.exitValue();
    }
    String output = Files.readString(log, UTF_8);
    Map<String, Sent> said = new LinkedHashMap<>();
    Matcher m = CELL.matcher(output);
    while (m.find()) {
      said.put(m.group(1) + " " + m.group(2),
          m.group(3).equals("OK") ? Sent.ok(m.group(4).strip()) : Sent.failed(m.group(4).strip()));
    }
    Map<Cell, Sent> out = new LinkedHashMap<>();
    for (Cell cell : cells) {
      Sent sent = said.get(cell.key());
      out.put(cell, sent != null ? sent : Sent.failed((problem != null ? problem : name + " said nothing of it")
          + "; log " + log + ": " + tail(output)));
    }
    return out;
  }

  private static String tail(String output) {
    String[] lines = output.strip().split("\n");
    return String.join(" / ", List.of(lines).subList(Math.max(0, lines.length - 5), lines.length));
  }
}
