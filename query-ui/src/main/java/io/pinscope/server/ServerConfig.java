package io.pinscope.server;

import io.pinscope.alarm.channel.SmtpSettings;
import io.pinscope.receiver.ReceiverConfig;
import io.pinscope.storage.Retention;
import io.pinscope.storage.StorageConfig;
import io.pinscope.storage.memory.MemoryLimits;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The server's configuration, read from command-line flags, then environment variables, then an optional
 * properties file ({@code --config FILE}), then the documented defaults — the first that sets a key wins.
 * Every option has a flag {@code --name value}, an environment variable {@code PINSCOPE_NAME} and a file
 * key {@code name}; {@link #OPTIONS} lists them with their defaults. A boolean option given as a flag
 * without a value ({@code --demo}) is {@code true}.
 */
public final class ServerConfig {
  /** An option: its name (flag and file key), default and meaning. */
  public record Option(String name, String defaultValue, String help) {
    /** The environment variable: {@code PINSCOPE_} and the name in upper case with '_' for '-'. */
    public String env() {
      return "PINSCOPE_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
  }

  /** Every option with its default. */
  public static final List<Option> OPTIONS = List.of(
      new Option("role", "all-in-one", "all-in-one (OTLP receiver, query API, UI, background tasks), collector "
          + "(OTLP receiver; only /health, /ready and /metrics on the query port) or query (query API, UI, background tasks; no OTLP ports). Background tasks "
          + "(metric roll-ups, alarms) run in all-in-one and query, never in collector"),
      new Option("storage", "rocksdb", "storage engine: rocksdb (embedded, persistent), memory or hbase (shared "
          + "by many collector and query processes; the hbase-* options)"),
      new Option("data-dir", "data", "where the rocksdb engine keeps its files"),
      new Option("bind", "0.0.0.0", "address the OTLP ports listen on"),
      new Option("grpc-port", "4317", "OTLP/gRPC port (also serves OTLP/HTTP; nothing but OTLP)"),
      new Option("http-port", "4318", "OTLP/HTTP port (also serves OTLP/gRPC; nothing but OTLP)"),
      new Option("query-port", "8080", "port of /health, /ready and /metrics, and of the query API and UI (all-in-one,"
          + " query; a collector serves only /health, /ready and /metrics there)"),
      new Option("retention-days", "14", "days traces, statistics, metrics and logs are kept"),
      new Option("max-body-mib", "64", "largest OTLP request after decompression, MiB"),
      new Option("inflight-budget-mib", "256", "OTLP request bytes in flight at once (uploading, waiting, decoding, "
          + "storing), MiB; a request whose Content-Length does not fit waits, its body unread, for room"),
      new Option("admission-wait-ms", "2000", "how long an OTLP request that does not fit the in-flight budget "
          + "waits for room before 503/UNAVAILABLE (0: refuse at once; at most 256 wait)"),
      new Option("ingest-threads", Integer.toString(Runtime.getRuntime().availableProcessors()),
          "threads that decode and store OTLP requests"),
      new Option("ingest-queue", "10000", "admitted OTLP requests waiting for a thread before 503/UNAVAILABLE "
          + "(a safety net: the in-flight budget binds first)"),
      new Option("pairing-window-seconds", "10", "how long client and server spans wait for each other (0: off)"),
      new Option("late-pairing-seconds", "60",
          "how long a server span whose caller's span is not stored yet waits for it, after the pairing window"),
      new Option("agent-no-data-minutes", "5", "an agent not seen for this long is listed as NO_DATA"),
      new Option("max-routes-per-application", "500",
          "URI statistics: distinct routes kept per application; later routes count under 'other'"),
      new Option("max-statements-per-application", "500",
          "SQL statistics: distinct statements kept per application; later statements count under 'other'"),
      new Option("hbase-zookeeper-quorum", "localhost:2181",
          "hbase: the cluster's ZooKeeper quorum, host[:port],... (port default 2181)"),
      new Option("hbase-znode-parent", "/hbase", "hbase: the cluster's root znode in ZooKeeper"),
      new Option("hbase-namespace", "pinscope", "hbase: the namespace Pinscope's tables live in"),
      new Option("hbase-salt-buckets", HBaseOptions.DEFAULT_SALT_BUCKETS,
          "hbase: salt buckets (pre-split regions) of the salted tables; fixed once the tables exist"),
      new Option("hbase-property", "", "hbase: any HBase client property, key=value[,key=value...], "
          + "e.g. hbase.rpc.timeout=10000"),
      new Option("create-tables", "false", "hbase: create missing tables at start-up (otherwise start-up fails "
          + "listing them; or create them with the DDL of pinscope hbase-schema)"),
      new Option("demo", "false", "feed the server generated traffic of a small polyglot shop through its own OTLP port"),
      new Option("alarms", "true", "evaluate the alarm rules and send their notifications (all-in-one and query "
          + "roles; with several query processes, leave it on in one)"),
      new Option("alarm-interval-seconds", "60", "how often every alarm rule is evaluated, seconds"),
      new Option("alarm-window-minutes", "5", "how far back each alarm evaluation looks, minutes"),
      new Option("smtp-host", "", "SMTP server for email alarm channels (none: email channels fail their deliveries)"),
      new Option("smtp-port", "25", "SMTP server port (plain SMTP, no TLS)"),
      new Option("smtp-from", "", "sender address of alarm emails, e.g. alarms@example.com (required with smtp-host)"),
      new Option("public-url", "", "the UI's address as users reach it, e.g. https://pinscope.example.com, for the "
          + "links in alarm notifications (none: no links)"),
      // ops-listeners: the query port's address, TLS on every port, graceful stop
      new Option("query-bind", "0.0.0.0", "address the query port listens on"),
      new Option("tls-cert", "", "PEM certificate chain (with tls-key): every port then speaks TLS only (HTTPS, "
          + "OTLP/gRPC over TLS)"),
      new Option("tls-key", "", "PEM private key of tls-cert (PKCS#8, unencrypted: BEGIN PRIVATE KEY)"),
      new Option("shutdown-timeout-seconds", "30", "on SIGTERM, how long requests in flight may take to finish "
          + "before they are cut; statistics are flushed and the store closed after (a second SIGTERM exits at once)"),
      // ops-disk: the data disk's reserve file and the readiness free-space threshold
      new Option("disk-reserve-mib", "64", "rocksdb: a file of this size kept in the data directory and deleted "
          + "when the disk fills, so that a flush, a clean stop and a restart still succeed; written again when "
          + "space returns (0: none), MiB"),
      new Option("min-free-disk-mib", "256", "rocksdb: /ready answers 503 while the data disk has less free space, "
          + "MiB"),
      // ops-durability (issue 13, slice 5)
      new Option("memory-max-spans", "1000000", "memory engine: spans kept at most; past it the oldest exports "
          + "(spans with their scatter dots) are evicted first"),
      new Option("memory-purge-interval-seconds", "60", "memory engine: how often cells past the retention are "
          + "removed, seconds (0: never)"),
      // ops-auth (issue 13): token authentication.
      new Option("auth-tokens", "", "token file turning auth on (none: off): one token per line, <role> "
          + "sha256:<hex> [name], roles ingest (OTLP), read (API GET) and admin (the whole API); hashes from pinscope "
          + "hash-token; re-read within 2 s of a change (a bad file keeps the previous tokens). With --demo, the demo "
          + "traffic sends a random ingest token that lives in the process only"),
      new Option("config", "", "a properties file with any of these keys"),
      // perf-rocks (issue 14): RocksDB's native memory, outside the heap
      new Option("rocksdb-block-cache-mib", "", "rocksdb: cache of data, index and filter blocks, MiB (none: "
          + "the engine's 64)"),
      new Option("rocksdb-memtables-mib", "", "rocksdb: memtable memory of all tables together, MiB (none: the "
          + "engine's 256); charged to the block cache, so RocksDB takes about the sum of the two"),
      new Option("rocksdb-compaction", "level", "rocksdb: how the write-once tables with a retention "
          + "(traces, scatter dots, metrics, logs) are compacted: level (steady under sustained ingest) or "
          + "universal (rewrites less, but stalls writes behind its full merges on two cores; up to about twice "
          + "the compacted size on disk between them)"),
      new Option("rocksdb-compression", "lz4", "rocksdb: block compression: lz4 (every level; the least compaction "
          + "CPU, steady under sustained ingest), lz4-zstd (ZSTD on the bottommost level; span values stay LZ4), zstd "
          + "(span values too: the smallest store, about twice the CPU per span written) or none"),
      new Option("rocksdb-value-log", "true", "rocksdb: span values appended to value-log segments beside RocksDB "
          + "(compressed once, deleted whole at expiry; RocksDB keeps pointers): true, or false to keep new span "
          + "values in RocksDB itself (values already in segments are then unreadable until it is true again)"));

  private final Map<String, String> values;

  private ServerConfig(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Reads the configuration.
   *
   * @throws IllegalArgumentException for an unknown flag, a flag without a value or an unreadable file;
   *     the message names the fix
   */
  public static ServerConfig parse(String[] args, Map<String, String> env) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name;
      String value;
      if (arg.startsWith("--") && arg.contains("=")) {
        name = arg.substring(2, arg.indexOf('='));
        value = arg.substring(arg.indexOf('=') + 1);
      } else if (arg.startsWith("--") && isBoolean(arg.substring(2))
          && (i + 1 == args.length || args[i + 1].startsWith("--"))) {
        name = arg.substring(2);
        value = "true";
      } else if (arg.startsWith("--") && i + 1 < args.length) {
        name = arg.substring(2);
        value = args[++i];
      } else {
        throw new IllegalArgumentException("argument: " + arg + " (expected: --name value; see --help)");
      }
      option(name);
      flags.put(name, value);
    }
    String file = flags.getOrDefault("config", env.getOrDefault(option("config").env(), ""));
    Properties fromFile = new Properties();
    if (!file.isEmpty()) {
      try (Reader r = Files.newBufferedReader(Path.of(file))) {
        fromFile.load(r);
      } catch (IOException e) {
        throw new IllegalArgumentException("config file: " + file + " cannot be read (" + e.getMessage()
            + "); fix the path given with --config or PINSCOPE_CONFIG", e);
      }
      for (String key : fromFile.stringPropertyNames()) {
        option(key);
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Option o : OPTIONS) {
      String v = flags.get(o.name());
      if (v == null) {
        v = env.get(o.env());
      }
      if (v == null) {
        v = fromFile.getProperty(o.name());
      }
      values.put(o.name(), v == null ? o.defaultValue() : v.trim());
    }
    ServerConfig config = new ServerConfig(values);
    config.validate();
    return config;
  }

  private static boolean isBoolean(String name) {
    return OPTIONS.stream().anyMatch(o -> o.name().equals(name)
        && (o.defaultValue().equals("true") || o.defaultValue().equals("false")));
  }

  private static Option option(String name) {
    for (Option o : OPTIONS) {
      if (o.name().equals(name)) {
        return o;
      }
    }
    throw new IllegalArgumentException("option: " + name + " is unknown (expected one of "
        + OPTIONS.stream().map(Option::name).toList() + "; see --help)");
  }

  private void validate() {
    Role role = role();
    receiver();
    storage();
    queryPort();
    agentNoData();
    if (demo() && !role.ingests()) {
      throw new IllegalArgumentException("demo: true (expected: false with role " + role.flag()
          + ", which has no OTLP port to send the demo traffic to)");
    }
    if (demo() && tls() != null) {
      throw new IllegalArgumentException("demo: true (expected: false with tls-cert: the demo traffic is sent as "
          + "plain OTLP/HTTP)");
    }
    alarms();
    alarmInterval();
    alarmWindow();
    smtp();
    publicUrl();
    tls();
    shutdownTimeout();
  }

  /** The process's role ({@code --role}). */
  public Role role() {
    return Role.of(values.get("role"));
  }

  /** The address the OTLP ports listen on ({@code --bind}). */
  public String bindAddress() {
    return values.get("bind");
  }

  /** The address the query port listens on ({@code --query-bind}). */
  public String queryBindAddress() {
    return values.get("query-bind");
  }

  /**
   * The PEM files every port's TLS uses, or null when {@code --tls-cert} and {@code --tls-key} are not set.
   *
   * @throws IllegalArgumentException when only one is set or a file cannot be read
   */
  public @Nullable TlsFiles tls() {
    String cert = values.get("tls-cert");
    String key = values.get("tls-key");
    if (cert.isEmpty() && key.isEmpty()) {
      return null;
    }
    if (cert.isEmpty() || key.isEmpty()) {
      throw new IllegalArgumentException("tls-" + (cert.isEmpty() ? "cert" : "key") + ": none (expected: a PEM file, "
          + "with tls-" + (cert.isEmpty() ? "key " + key : "cert " + cert) + "; set both or neither)");
    }
    return new TlsFiles(readable("tls-cert", cert), readable("tls-key", key));
  }

  private static Path readable(String option, String file) {
    Path path = Path.of(file);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new IllegalArgumentException(option + ": " + file + " (expected: a readable PEM file)");
    }
    return path;
  }

  /** How long a graceful stop waits for requests in flight before cutting them. */
  public Duration shutdownTimeout() {
    return Duration.ofSeconds(integer("shutdown-timeout-seconds", 1, 3600));
  }

  /** Whether the server feeds itself demo traffic ({@code --demo}). */
  public boolean demo() {
    String v = values.get("demo");
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("demo: " + v + " (expected: true or false)");
  }

  /** Whether the alarm rules are evaluated ({@code --alarms}, on by default). */
  public boolean alarms() {
    String v = values.get("alarms");
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException("alarms: " + v + " (expected: true or false)");
  }

  /** How often the alarm rules are evaluated. */
  public Duration alarmInterval() {
    return Duration.ofSeconds(integer("alarm-interval-seconds", 1, 86_400));
  }

  /** How far back each alarm evaluation looks. */
  public Duration alarmWindow() {
    return Duration.ofMinutes(integer("alarm-window-minutes", 1, 1_440));
  }

  /** The SMTP server of email alarm channels, or null when {@code smtp-host} is not set. */
  public @Nullable SmtpSettings smtp() {
    String host = values.get("smtp-host");
    if (host.isEmpty()) {
      return null;
    }
    String from = values.get("smtp-from");
    if (from.isEmpty()) {
      throw new IllegalArgumentException("smtp-from: none (expected: the sender address, with smtp-host " + host + ")");
    }
    try {
      return SmtpSettings.of(host, integer("smtp-port", 1, 65535), from);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("smtp-" + e.getMessage(), e);
    }
  }

  /** The UI's public address for links in notifications, or null when not set. */
  public @Nullable String publicUrl() {
    String url = values.get("public-url");
    if (url.isEmpty()) {
      return null;
    }
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IllegalArgumentException("public-url: " + url + " (expected: an http or https URL)");
    }
    return url;
  }

  /** The token file turning authentication on ({@code --auth-tokens}), or null when auth is off. */
  public @Nullable Path authTokens() {
    String file = values.get("auth-tokens");
    return file.isEmpty() ? null : Path.of(file);
  }

  public int queryPort() {
    return integer("query-port", 0, 65535);
  }

  /** How long an agent may go unseen before the agent list calls it {@code NO_DATA}. */
  public Duration agentNoData() {
    return Duration.ofMinutes(integer("agent-no-data-minutes", 1, 10_080));
  }

  /**
   * The storage configuration these options describe; with {@code --storage hbase} the {@code hbase-*} and
   * {@code create-tables} options become the engine's options ({@link HBaseOptions}).
   */
  public StorageConfig storage() {
    int days = integer("retention-days", 1, 3650);
    Duration keep = Duration.ofDays(days);
    Map<String, String> hbase = hbaseOptions(); // validated whatever the engine
    StorageConfig.Builder b = StorageConfig.builder().engine(values.get("storage"))
        .dataDirectory(Path.of(values.get("data-dir")))
        .retention(new Retention(keep, keep, keep, keep, Duration.ofDays(Math.max(90, days))));
    if (values.get("storage").equals(HBaseOptions.ENGINE)) {
      hbase.forEach(b::engineOption);
    }
    int reserveMib = integer("disk-reserve-mib", 0, 1 << 20); // validated whatever the engine
    if (values.get("storage").equals("rocksdb")) {
      b.engineOption("rocksdb.disk-reserve-mib", Integer.toString(reserveMib));
      rocksDbMemory("rocksdb-block-cache-mib", "rocksdb.block-cache-mib", 8).forEach(b::engineOption);
      rocksDbMemory("rocksdb-memtables-mib", "rocksdb.total-write-buffer-mib", 1).forEach(b::engineOption);
      b.engineOption("rocksdb.compaction", oneOf("rocksdb-compaction", "universal", "level"));
      b.engineOption("rocksdb.compression", oneOf("rocksdb-compression", "lz4", "lz4-zstd", "zstd", "none"));
      b.engineOption("rocksdb.value-log", oneOf("rocksdb-value-log", "true", "false"));
    }
    if (values.get("storage").equals("memory")) {
      b.engineOption(MemoryLimits.MAX_SPANS, Integer.toString(integer("memory-max-spans", 1, Integer.MAX_VALUE)));
      b.engineOption(MemoryLimits.PURGE_INTERVAL,
          Integer.toString(integer("memory-purge-interval-seconds", 0, 86_400)));
    }
    return b.build();
  }

  /** The engine option {@code engineKey} when the server option {@code name} is set, else nothing. */
  private Map<String, String> rocksDbMemory(String name, String engineKey, int min) {
    return values.get(name).isEmpty() ? Map.of()
        : Map.of(engineKey, Integer.toString(integer(name, min, 1 << 20)));
  }

  /** The value of option {@code name}, refused unless it is one of {@code allowed}. */
  private String oneOf(String name, String... allowed) {
    String v = values.get(name);
    if (!List.of(allowed).contains(v)) {
      throw new IllegalArgumentException(name + ": " + v + " (expected: "
          + String.join(", ", List.of(allowed).subList(0, allowed.length - 1)) + " or " + allowed[allowed.length - 1]
          + ")");
    }
    return v;
  }

  /** Free space the data disk needs for {@code /ready} (rocksdb only), bytes. */
  public long minFreeDiskBytes() {
    return (long) integer("min-free-disk-mib", 0, 1 << 30) << 20;
  }

  /** The hbase engine's options the {@code hbase-*} and {@code create-tables} options give ({@link HBaseOptions}). */
  Map<String, String> hbaseOptions() {
    return HBaseOptions.engineOptions(values);
  }

  /** The receiver configuration these options describe. */
  public ReceiverConfig receiver() {
    return ReceiverConfig.builder().bindAddress(bindAddress())
        .grpcPort(integer("grpc-port", 0, 65535)).httpPort(integer("http-port", 0, 65535))
        .maxBodyBytes((long) integer("max-body-mib", 1, 1024) << 20)
        .inFlightBudgetBytes((long) integer("inflight-budget-mib", 1, 65536) << 20)
        .admissionWait(Duration.ofMillis(integer("admission-wait-ms", 0, 600_000)))
        .workerThreads(integer("ingest-threads", 1, 1024)).queueCapacity(integer("ingest-queue", 1, 100_000))
        .pairingWindow(Duration.ofSeconds(integer("pairing-window-seconds", 0, 3600)))
        .latePairingWindow(Duration.ofSeconds(integer("late-pairing-seconds", 0, 3600)))
        .maxRoutesPerApplication(integer("max-routes-per-application", 1, 100_000))
        .maxStatementsPerApplication(integer("max-statements-per-application", 1, 100_000)).build();
  }

  private int integer(String name, int min, int max) {
    String v = values.get(name);
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new IllegalArgumentException(name + ": " + v + " (expected: " + min + ".." + max + ")");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": " + v + " (expected: an integer " + min + ".." + max + ")", e);
    }
  }

  /** The usage text: every option, its environment variable and default. */
  public static String usage() {
    StringBuilder b = new StringBuilder("Usage: java -jar pinscope.jar [--name value ...]\n"
        + "       java -jar pinscope.jar rebuild-statistics --from TIME --to TIME [--application APP] [--dry-run] "
        + "[storage options]   (see rebuild-statistics --help)\n"
        + "       java -jar pinscope.jar hbase-schema [--hbase-namespace NS] [--hbase-salt-buckets N] "
        + "[--retention-days D]   (prints the HBase DDL)\n"
        + "       java -jar pinscope.jar hash-token < token.txt   (prints the token's sha256: line for --auth-tokens)\n\n"
        + "       java -jar pinscope.jar backup --to DIR (--server URL | --data-dir D)   (see backup --help)\n"
        + "       java -jar pinscope.jar restore --from DIR --data-dir D [--force]   (see restore --help)\n\n"
        + "Options (flag > environment > --config file > default):\n");
    for (Option o : OPTIONS) {
      b.append(String.format(Locale.ROOT, "  --%-24s %-34s %s (default: %s)%n", o.name(), o.env(), o.help(),
          o.defaultValue().isEmpty() ? "none" : o.defaultValue()));
    }
    return b.toString();
  }
}
