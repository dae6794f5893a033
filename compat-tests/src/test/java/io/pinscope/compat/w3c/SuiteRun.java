package io.pinscope.compat.w3c;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
 * One run of the W3C trace-context test suite against a service, read from the suite's own verbose
 * {@code unittest} output: each test's outcome by {@code Class.test_name}, and the number the suite says
 * it ran (the parse must account for every one of them, or the run fails).
 *
 * @param outcomes every test's outcome, in the order the suite ran them
 * @param ran the count from the suite's {@code Ran N tests} line
 */
record SuiteRun(Map<String, Outcome> outcomes, int ran) {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  /** A test's first line: {@code test_x (__main__.Class.test_x)}, before Python 3.11 {@code (__main__.Class)}. */
  private static final Pattern TEST = Pattern.compile(
      "^(test_\\w+) \\(__main__\\.(\\w+)(?:\\.test_\\w+)?\\)(?: \\.\\.\\. (.*))?$");
  /** Where the outcome stands when a docstring line follows the test's name. */
  private static final Pattern OUTCOME = Pattern.compile(" \\.\\.\\. (\\S.*)$");
  private static final Pattern RAN = Pattern.compile("(?m)^Ran (\\d+) tests? in ");

  /** What the suite said of one test. */
  enum Outcome {
    PASS("pass"), FAIL("FAIL"), ERROR("ERROR"), SKIP("skip");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }

    static Outcome of(String text) {
      if (text.equals("ok")) {
        return PASS;
      } else if (text.startsWith("skipped")) {
        return SKIP;
      } else if (text.equals("FAIL") || text.equals("unexpected success")) {
        return FAIL;
      }
      return ERROR;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /**
   * Runs {@code command} (the suite, or the wrapper that sets the sampled flag) from the suite's directory
   * with {@code STRICT_LEVEL=2 SPEC_LEVEL=2} and the harness on {@code harnessPort}; its output goes to
   * {@code log}. The suite exits non-zero when any test fails, so the exit code is not a verdict here.
   */
  static SuiteRun run(List<String> command, Path suiteDir, URI service, int harnessPort, Path log)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(command);
    full.add(service.toString());
    ProcessBuilder pb = new ProcessBuilder(full).directory(suiteDir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(Map.of("STRICT_LEVEL", "2", "SPEC_LEVEL", "2", "HARNESS_HOST", "127.0.0.1",
        "HARNESS_PORT", Integer.toString(harnessPort), "PYTHONDONTWRITEBYTECODE", "1", "PYTHONUNBUFFERED", "1"));
    pb.environment().remove("HARNESS_DEBUG");
    Process p = pb.start();
    if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(String.join(" ", full) + " did not finish within " + TIMEOUT + "; log " + log);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    SuiteRun parsed = parse(output);
    if (parsed.ran() == 0 || parsed.outcomes().size() != parsed.ran()) {
      throw new AssertionError(String.join(" ", full) + " (exit " + p.exitValue() + "): read "
          + parsed.outcomes().size() + " outcomes of " + parsed.ran() + " tests run; log " + log + ":\n" + output);
    }
    return parsed;
  }

  static SuiteRun parse(String output) {
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    String[] lines = output.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      Matcher test = TEST.matcher(lines[i]);
      if (!test.matches()) {
        continue;
      }
      String outcome = test.group(3);
      if (outcome == null && i + 1 < lines.length) {
        Matcher next = OUTCOME.matcher(lines[i + 1]);
        outcome = next.find() ? next.group(1) : null;
      }
      if (outcome != null) {
        outcomes.put(test.group(2) + "." + test.group(1), Outcome.of(outcome.strip()));
      }
    }
    Matcher ran = RAN.matcher(output);
    return new SuiteRun(outcomes, ran.find() ? Integer.parseInt(ran.group(1)) : 0);
  }
}
