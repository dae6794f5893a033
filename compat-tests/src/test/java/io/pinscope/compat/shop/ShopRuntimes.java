package io.pinscope.compat.shop;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Prepares each runtime of the shop from the package registries only, and says how to start a service on
 * it. Preparations are cached between runs in {@code pinscope.compat.cache} (default
 * {@code ~/.cache/pinscope-compat}), one directory per runtime keyed by a hash of what it is built from and
 * of the tool's version, so a second run costs nothing and a changed lock file rebuilds:
 * <ul>
 *   <li>Python: a virtualenv ({@code python3 -m venv}) with {@code pip install -r requirements.txt}, every
 *       package pinned;
 *   <li>Node: {@code npm ci} of the committed {@code package-lock.json} (the service's {@code app.js} runs
 *       from the source tree with {@code NODE_PATH} on that {@code node_modules});
 *   <li>Go: {@code go build} of the committed {@code go.mod}/{@code go.sum} ({@code GOTOOLCHAIN=local}: a
 *       too old Go fails clearly instead of fetching a toolchain);
 *   <li>Java: the stock agent and the extension jar, both built by Maven.
 * </ul>
 * A missing tool fails with a message naming it and the Debian package or version to install.
 */
public final class ShopRuntimes {
  private static final Duration PREPARE_TIMEOUT = Duration.ofMinutes(6);
  private static final Pattern GO_DIRECTIVE = Pattern.compile("(?m)^go (\\d+)\\.(\\d+)");
  private static final Pattern GO_VERSION = Pattern.compile("go(\\d+)\\.(\\d+)");

  /**
   * Where things are. Every path has a system property, set by the module's failsafe configuration.
   *
   * @param shopDir {@code compat-tests/shop}: one directory per runtime's service
   * @param cacheDir where prepared runtimes are kept between runs
   * @param javaAgentJar the stock OpenTelemetry Java agent
   * @param extensionJar Pinscope's agent extension
   * @param logDir where preparation and process logs go
   */
  record Config(Path shopDir, Path cacheDir, Path javaAgentJar, Path extensionJar, Path logDir) {
    static Config fromSystemProperties(Path logDir) {
      return new Config(path("pinscope.shop.dir", "shop"),
          path("pinscope.compat.cache", Paths.get(System.getProperty("user.home"), ".cache", "pinscope-compat")
              .toString()),
          path("pinscope.javaagent.jar", "target/agent/opentelemetry-javaagent.jar"),
          path("pinscope.extension.jar", "../otel-extension/target/pinscope-otel-extension.jar"),
          logDir);
    }

    private static Path path(String property, String fallback) {
      return Paths.get(System.getProperty(property, fallback)).toAbsolutePath().normalize();
    }
  }

  /** How to start one service of a runtime: the command (arguments follow), its directory and environment. */
  record Launch(List<String> command, Path workDir, Map<String, String> env) {}

  private final Config config;
  private final Map<ShopRuntime, Launch> launches = new EnumMap<>(ShopRuntime.class);

  private ShopRuntimes(Config config) {
    this.config = config;
  }

  /** Prepares {@code runtimes} (in parallel; each from its cache when it can). */
  static ShopRuntimes prepare(Config config, List<ShopRuntime> runtimes) throws Exception {
    ShopRuntimes prepared = new ShopRuntimes(config);
    Files.createDirectories(config.logDir());
    ExecutorService pool = Executors.newFixedThreadPool(runtimes.size());
    try {
      Map<ShopRuntime, Future<Launch>> futures = new EnumMap<>(ShopRuntime.class);
      for (ShopRuntime runtime : runtimes) {
        futures.put(runtime, pool.submit(() -> prepared.prepare(runtime)));
      }
      List<String> failures = new ArrayList<>();
      for (Map.Entry<ShopRuntime, Future<Launch>> f : futures.entrySet()) {
        try {
          prepared.launches.put(f.getKey(), f.getValue().get());
        } catch (java.util.concurrent.ExecutionException e) {
          failures.add(f.getKey() + ": " + e.getCause().getMessage());
        }
      }
      if (!failures.isEmpty()) {
        throw new AssertionError("cannot prepare the shop's runtimes:\n" + String.join("\n", failures));
      }
    } finally {
      pool.shutdownNow();
    }
    return prepared;
  }

  /** How to start a service of {@code runtime}; it must have been prepared. */
  Launch launch(ShopRuntime runtime) {
    Launch launch = launches.get(runtime);
    if (launch == null) {
      throw new IllegalArgumentException("runtime: " + runtime + " (expected one of " + launches.keySet() + ")");
    }
    return launch;
  }

  /**
   * For suites outside the shop ({@code compat.otlp}'s senders): a virtualenv with {@code requirements}
   * installed, prepared and cached as the Python service's is; returns the virtualenv's directory.
   */
  public static Path preparedVirtualenv(Path requirements, Path logDir) throws Exception {
    Files.createDirectories(logDir);
    return new ShopRuntimes(Config.fromSystemProperties(logDir)).virtualenv(requirements);
  }

  /**
   * For suites outside the shop: {@code npm ci} of {@code dir}'s {@code package-lock.json}, prepared and
   * cached as the Node service's is; returns the {@code node_modules} directory.
   */
  public static Path preparedNodeModules(Path dir, Path logDir) throws Exception {
    Files.createDirectories(logDir);
    return new ShopRuntimes(Config.fromSystemProperties(logDir)).npmCi(dir).resolve("node_modules");
  }

  private Launch prepare(ShopRuntime runtime) throws Exception {
    long start = System.nanoTime();
    Launch launch = switch (runtime) {
      case JAVA -> prepareJava();
      case PYTHON -> preparePython(serviceDir(runtime));
      case NODE -> prepareNode(serviceDir(runtime));
      case GO -> prepareGo(serviceDir(runtime));
    };
    System.out.printf("prepared %s in %d ms: %s%n", runtime, (System.nanoTime() - start) / 1_000_000,
        launch.command());
    return launch;
  }

  private Path serviceDir(ShopRuntime runtime) {
    Path dir = config.shopDir().resolve(java.util.Objects.requireNonNull(runtime.directory()));
    if (!Files.isDirectory(dir)) {
      throw new AssertionError("the " + runtime + " service is missing: " + dir);
    }
    return dir;
  }

  // ---- Java: the stock agent + the extension, running JavaHopService from the module's classes.

  private Launch prepareJava() throws Exception {
    if (!Files.isRegularFile(config.javaAgentJar())) {
      throw new AssertionError("OpenTelemetry Java agent not found at " + config.javaAgentJar()
          + " (the module's build copies it: run the build through Maven)");
    }
    if (!Files.isRegularFile(config.extensionJar())) {
      throw new AssertionError("Pinscope's extension jar not found at " + config.extensionJar()
          + " (build otel-extension first, e.g. mvn -pl compat-tests -am verify)");
    }
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    String classes = Paths.get(JavaHopService.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
    return new Launch(List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-javaagent:" + config.javaAgentJar(), "-cp", classes, JavaHopService.class.getName()),
        Paths.get("").toAbsolutePath(), Map.of("OTEL_JAVAAGENT_EXTENSIONS", config.extensionJar().toString()));
  }

  // ---- Python: a virtualenv with the pinned requirements.

  private Launch preparePython(Path dir) throws Exception {
    Path venv = virtualenv(dir.resolve("requirements.txt"));
    return new Launch(List.of(venv.resolve("bin/opentelemetry-instrument").toString(),
        venv.resolve("bin/python").toString(), dir.resolve("app.py").toString()), dir,
        Map.of("PYTHONUNBUFFERED", "1"));
  }

  /** A virtualenv with {@code requirements} installed (cached); returns its directory. */
  private Path virtualenv(Path requirements) throws Exception {
    Path dir = requirements.getParent();
    String python = System.getProperty("pinscope.python", "python3");
    String version = toolVersion(List.of(python, "--version"), "python3",
        "Python 3 is needed for the Python service (Debian: apt-get install python3 python3-venv)");
    return cached("python", key(version, requirements), target -> {
      Path log = config.logDir().resolve("prepare-python.log");
      String out = run(List.of(python, "-m", "venv", target.toString()), dir, Map.of(), log, null);
      if (out != null) {
        throw new AssertionError(out.contains("ensurepip") || out.contains("venv")
            ? "python3 cannot create a virtualenv; install python3-venv (Debian: apt-get install python3-venv):\n"
                + out
            : "python3 -m venv failed:\n" + out);
      }
      String pip = run(List.of(target.resolve("bin/python").toString(), "-m", "pip", "install",
          "--disable-pip-version-check", "--no-input", "-q", "-r", requirements.toString()), dir, Map.of(), log,
          null);
      if (pip != null) {
        throw new AssertionError("pip install -r " + requirements + " failed:\n" + pip);
      }
    });
  }

  // ---- Node: npm ci of the committed lock file.

  private Launch prepareNode(Path dir) throws Exception {
    Path modules = npmCi(dir);
    // The register hook starts the SDK from the OTEL_* variables before app.js runs. Resource detection is
    // limited to local detectors: the default list also probes cloud metadata endpoints over the network.
    return new Launch(List.of(node(), "--require", "@opentelemetry/auto-instrumentations-node/register",
        dir.resolve("app.js").toString()), modules,
        Map.of("NODE_PATH", modules.resolve("node_modules").toString(),
            "OTEL_NODE_RESOURCE_DETECTORS", "env,host,os,process"));
  }

  /** The {@code node} command ({@code -Dpinscope.node}). */
  public static String node() {
    return System.getProperty("pinscope.node", "node");
  }

  /** {@code npm ci} of {@code dir}'s committed lock file (cached); returns the directory holding node_modules. */
  private Path npmCi(Path dir) throws Exception {
    String node = node();
    String npm = System.getProperty("pinscope.npm", "npm");
    String hint = "Node.js 20 or newer and npm are needed for the Node service (Debian 12's nodejs is 18: "
        + "install Node 20+ and npm)";
    String version = toolVersion(List.of(node, "--version"), "node", hint);
    Matcher major = Pattern.compile("v(\\d+)\\.").matcher(version);
    if (!major.find() || Integer.parseInt(major.group(1)) < 20) {
      throw new AssertionError("node " + version + " is too old: " + hint);
    }
    toolVersion(List.of(npm, "--version"), "npm", hint);
    Path packageJson = dir.resolve("package.json");
    Path lock = dir.resolve("package-lock.json");
    return cached("node", key(version, packageJson, lock), target -> {
      Files.copy(packageJson, target.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
      Files.copy(lock, target.resolve("package-lock.json"), StandardCopyOption.REPLACE_EXISTING);
      String out = run(List.of(npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"),
          target, Map.of(), config.logDir().resolve("prepare-node.log"), null);
      if (out != null) {
        throw new AssertionError("npm ci (" + lock + ") failed:\n" + out);
      }
    });
  }

  // ---- Go: go build of the committed module.

  private Launch prepareGo(Path dir) throws Exception {
    String go = System.getProperty("pinscope.go", "go");
    Path goMod = dir.resolve("go.mod");
    Matcher wanted = GO_DIRECTIVE.matcher(Files.readString(goMod, UTF_8));
    if (!wanted.find()) {
      throw new AssertionError("no go directive in " + goMod);
    }
    String hint = "Go " + wanted.group(1) + "." + wanted.group(2) + " or newer is needed for the Go service "
        + "(its go.mod says so; Debian 12 packages only Go 1.19)";
    String version = toolVersion(List.of(go, "version"), "go", hint);
    Matcher found = GO_VERSION.matcher(version);
    if (!found.find() || compare(found, wanted) < 0) {
      throw new AssertionError(version.strip() + " is too old: " + hint);
    }
    List<Path> sources = new ArrayList<>(List.of(goMod, dir.resolve("go.sum")));
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(p -> p.toString().endsWith(".go")).sorted().forEach(sources::add);
    }
    Path built = cached("go", key(version, sources.toArray(Path[]::new)), target -> {
      String out = run(List.of(go, "build", "-trimpath", "-o", target.resolve("service").toString(), "."), dir,
          Map.of("GOTOOLCHAIN", "local", "GOFLAGS", "-mod=readonly"),
          config.logDir().resolve("prepare-go.log"), null);
      if (out != null) {
        throw new AssertionError("go build in " + dir + " failed:\n" + out);
      }
    });
    return new Launch(List.of(built.resolve("service").toString()), dir, Map.of());
  }

  private static int compare(Matcher found, Matcher wanted) {
    int major = Integer.compare(Integer.parseInt(found.group(1)), Integer.parseInt(wanted.group(1)));
    return major != 0 ? major : Integer.compare(Integer.parseInt(found.group(2)), Integer.parseInt(wanted.group(2)));
  }

  // ---- The cache.

  private interface Preparation {
    void into(Path target) throws Exception;
  }

  /**
   * The cache directory {@code <kind>-<key>}, prepared once: under a file lock (other builds on the machine
   * may share the cache), and only a directory whose preparation finished ({@code .complete}) is reused.
   */
  private Path cached(String kind, String key, Preparation preparation) throws Exception {
    Path cache = config.cacheDir();
    Files.createDirectories(cache);
    Path dir = cache.resolve(kind + "-" + key);
    try (FileChannel channel = FileChannel.open(cache.resolve(kind + "-" + key + ".lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      if (Files.exists(dir.resolve(".complete"))) {
        return dir;
      }
      deleteRecursively(dir);
      Files.createDirectories(dir);
      System.out.printf("preparing %s into %s (cached for the next runs)%n", kind, dir);
      preparation.into(dir);
      Files.writeString(dir.resolve(".complete"), "", UTF_8);
      return dir;
    }
  }

  private static String key(String toolVersion, Path... files) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(toolVersion.strip().getBytes(UTF_8));
      for (Path f : files) {
        sha.update((byte) 0);
        sha.update(f.getFileName().toString().getBytes(UTF_8));
        sha.update((byte) 0);
        sha.update(Files.readAllBytes(f));
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  // ---- Running tools.

  /** Runs {@code command} for its version line; a missing tool fails with {@code hint}. */
  private String toolVersion(List<String> command, String tool, String hint) throws Exception {
    Path log = config.logDir().resolve("tool-" + tool + ".log");
    String failure = run(command, Paths.get("").toAbsolutePath(), Map.of(), log, hint);
    if (failure != null) {
      throw new AssertionError(tool + " does not run: " + hint + "\n" + failure);
    }
    return Files.readString(log, UTF_8).strip();
  }

  /**
   * Runs {@code command} to completion with its output in {@code log} (appended to), within
   * {@link #PREPARE_TIMEOUT}. Returns null on success, else the reason with the output's end.
   *
   * @param missingHint when not null, a command that cannot be started at all fails with it
   */
  private static @Nullable String run(List<String> command, Path dir,
      Map<String, String> env, Path log, @Nullable String missingHint) throws Exception {
    Files.createDirectories(log.getParent());
    Files.writeString(log, "", UTF_8);
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command.get(0) + ": " + e.getMessage()
          + (missingHint != null ? "; " + missingHint : ""), e);
    }
    try {
      if (!p.waitFor(PREPARE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        return String.join(" ", command) + " did not finish within " + PREPARE_TIMEOUT + "; log " + log + ":\n"
            + tail(log);
      }
    } catch (InterruptedException e) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw e;
    }
    return p.exitValue() == 0 ? null
        : String.join(" ", command) + " exited with " + p.exitValue() + "; log " + log + ":\n" + tail(log);
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
