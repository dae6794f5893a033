package io.pinscope.server;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerPort;
import io.pinscope.demo.DemoTraffic;
import io.pinscope.query.QueryApi;
import io.pinscope.receiver.OtlpReceiver;
import io.pinscope.receiver.ReceiverConfig;
import io.pinscope.receiver.ReceiverMetrics;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import io.pinscope.ui.SecurityHeaders;
import io.pinscope.ui.UiService;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pinscope process: storage and, by {@link Role}, the OTLP receiver and/or the query API and UI, with
 * {@code GET /health} and {@code GET /metrics}, on one Armeria server. Roles: {@code all-in-one} (default),
 * {@code collector} (OTLP only) and {@code query} (API and UI only). Shutdown (SIGTERM, Ctrl-C or
 * {@link #close}) stops accepting requests, finishes those in progress, flushes statistics and closes storage.
 * Where the query API runs (all-in-one, query), a background task rolls up agent metrics per hour
 * ({@link MetricRollupTask}) and another evaluates the alarm rules ({@link AlarmTask}).
 */
public final class PinscopeServer implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(PinscopeServer.class);
  private static final String HBASE_NETTY_REFLECTION = "org.apache.hbase.thirdparty.io.netty.tryReflectionSetAccessible";

  private final ServerConfig config;
  private final Storage storage;
  private final @Nullable OtlpReceiver receiver;
  private final Server server;
  private volatile @Nullable DemoTraffic demo;
  private volatile @Nullable MetricRollupTask rollups;
  private volatile @Nullable AlarmTask alarms;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PinscopeServer(ServerConfig config, Storage storage, @Nullable OtlpReceiver receiver, Server server) {
    this.config = config;
    this.storage = storage;
    this.receiver = receiver;
    this.server = server;
  }

  /** Opens storage and starts serving; returns once every port is bound. */
  public static PinscopeServer start(ServerConfig config) {
    return start(config, Clock.systemUTC());
  }

  /** As {@link #start(ServerConfig)}, the statistics' pairing windows and agent status timed by {@code clock} (tests). */
  static PinscopeServer start(ServerConfig config, Clock clock) {
    Role role = config.role();
    ReceiverConfig receiverConfig = config.receiver();
    Storage storage = Storage.open(config.storage());
    ReceiverMetrics metrics = new ReceiverMetrics();
    metrics.gauge("pinscope_storage_disk_bytes", "Bytes the storage engine uses on disk.",
        () -> storage.store().diskBytes());
    OtlpReceiver receiver = null;
    try {
      receiver = role.ingests() ? OtlpReceiver.start(receiverConfig, storage, metrics, clock) : null;
      ServerBuilder sb = Server.builder()
          .gracefulShutdownTimeout(Duration.ofSeconds(1), Duration.ofSeconds(20));
      if (receiver != null) {
        sb.port(new InetSocketAddress(receiverConfig.bindAddress(), receiverConfig.grpcPort()), SessionProtocol.HTTP)
            .port(new InetSocketAddress(receiverConfig.bindAddress(), receiverConfig.httpPort()), SessionProtocol.HTTP);
        receiver.configure(sb);
      }
      if (role.queries()) {
        sb.port(new InetSocketAddress(config.bindAddress(), config.queryPort()), SessionProtocol.HTTP);
        QueryApi.configure(sb, storage, clock, config.agentNoData());
        sb.serviceUnder("/", new UiService());
        sb.decoratorUnder("/api/", SecurityHeaders.DECORATOR); // CSP + nosniff on API answers (issue 13, slice 6)
      }
      sb.service("/health", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8,
          "{\"status\":\"UP\",\"role\":\"%s\",\"storage\":\"%s\"}", role.flag(), storage.store().engineName()));
      sb.service("/metrics", (ctx, req) -> HttpResponse.of(HttpStatus.OK,
          MediaType.parse("text/plain; version=0.0.4; charset=utf-8"), metrics.prometheusText()));
      Server server = sb.build();
      server.start().join();
      PinscopeServer started = new PinscopeServer(config, storage, receiver, server);
      // Background tasks run where the query API runs (Role#runsBackgroundTasks): collectors stay stateless.
      if (role.runsBackgroundTasks()) {
        started.rollups = MetricRollupTask.start(storage, clock, MetricRollupTask.PERIOD);
        if (config.alarms()) {
          started.alarms = AlarmTask.start(config, storage, clock);
        }
      }
      if (config.demo()) {
        started.demo = DemoTraffic.start(started.otlpHttpUri());
      }
      return started;
    } catch (RuntimeException e) {
      if (receiver != null) {
        receiver.close();
      }
      storage.close();
      throw e;
    }
  }

  /**
   * Every bound port (free ports resolved), in the order grpc, http, query of those the role binds: all three
   * for all-in-one, grpc and http for collector, query alone for query.
   */
  public int[] ports() {
    return server.activePorts().values().stream().mapToInt(p -> p.localAddress().getPort()).toArray();
  }

  /** The OTLP/HTTP base URI this process answers on, from this host. */
  private String otlpHttpUri() {
    ReceiverConfig r = config.receiver();
    String bind = r.bindAddress();
    String host = bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind.contains(":") ? "[" + bind + "]" : bind;
    return "http://" + host + ":" + (r.httpPort() == 0 ? ports()[1] : r.httpPort());
  }

  /** The background tasks running in this process: {@code metric-rollups}, {@code alarms} (tests). */
  List<String> backgroundTasks() {
    List<String> tasks = new ArrayList<>();
    if (rollups != null) {
      tasks.add("metric-rollups");
    }
    if (alarms != null) {
      tasks.add("alarms");
    }
    return tasks;
  }

  public Storage storage() {
    return storage;
  }

  /**
   * The OTLP receiver.
   *
   * @throws IllegalStateException in the {@code query} role, which runs none
   */
  public OtlpReceiver receiver() {
    OtlpReceiver r = receiver;
    if (r == null) {
      throw new IllegalStateException("role " + config.role().flag() + " runs no OTLP receiver");
    }
    return r;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    DemoTraffic traffic = demo;
    if (traffic != null) {
      traffic.close();
    }
    server.stop().join();
    MetricRollupTask task = rollups;
    if (task != null) {
      task.close();
    }
    AlarmTask alarmTask = alarms;
    if (alarmTask != null) {
      alarmTask.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    storage.close();
  }

  public static void main(String[] args) {
    // HBase's shaded Netty uses direct buffers through reflection only when allowed (bin/hbase sets this); the
    // jar's manifest opens the packages it needs.
    if (System.getProperty(HBASE_NETTY_REFLECTION) == null) {
      System.setProperty(HBASE_NETTY_REFLECTION, "true");
    }
    if (args.length > 0 && args[0].equals(RebuildStatisticsCommand.NAME)) {
      System.exit(rebuildStatistics(Arrays.copyOfRange(args, 1, args.length)));
      return;
    }
    if (args.length > 0 && args[0].equals(HBaseSchemaCommand.NAME)) {
      System.exit(hbaseSchema(Arrays.copyOfRange(args, 1, args.length)));
      return;
    }
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.print(ServerConfig.usage());
      return;
    }
    ServerConfig config;
    try {
      config = ServerConfig.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("pinscope: " + e.getMessage());
      System.exit(2);
      return;
    }
    long started = System.nanoTime();
    PinscopeServer server;
    try {
      server = start(config);
    } catch (RuntimeException e) {
      System.err.println("pinscope: cannot start: " + e.getMessage());
      logger.debug("start failure", e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "pinscope-shutdown"));
    System.out.print(server.banner((System.nanoTime() - started) / 1_000_000));
    System.out.flush();
  }

  private static int rebuildStatistics(String[] args) {
    return command(RebuildStatisticsCommand.NAME, args, RebuildStatisticsCommand.usage(),
        a -> RebuildStatisticsCommand.parse(a, System.getenv()),
        options -> RebuildStatisticsCommand.run(options, System.out, System.err, Clock.systemUTC()));
  }

  private static int hbaseSchema(String[] args) {
    return command(HBaseSchemaCommand.NAME, args, HBaseSchemaCommand.usage(),
        a -> HBaseSchemaCommand.parse(a, System.getenv()), config -> HBaseSchemaCommand.run(config, System.out));
  }

  /** A command's run: its usage for --help, else its options parsed (exit 2 when bad), then run. */
  private static <O> int command(String name, String[] args, String usage, Function<String[], O> parse,
      ToIntFunction<O> run) {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.print(usage);
      return 0;
    }
    O options;
    try {
      options = parse.apply(args);
    } catch (IllegalArgumentException e) {
      System.err.println("pinscope " + name + ": " + e.getMessage());
      return 2;
    }
    return run.applyAsInt(options);
  }

  private String banner(long startMillis) {
    Role role = config.role();
    ReceiverConfig r = config.receiver();
    String host = r.bindAddress().equals("0.0.0.0") ? "localhost" : r.bindAddress();
    int[] ports = ports();
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Pinscope %s started in %d ms (storage: %s%s)%n", role.flag(), startMillis,
        storage.store().engineName(), storage.store().engineName().equals("rocksdb")
            ? " at " + config.storage().dataDirectory().toAbsolutePath() : ""));
    b.append(String.format(Locale.ROOT, "  serves     %s%n", role.serves()));
    if (role.ingests()) {
      b.append(String.format(Locale.ROOT, "  OTLP/gRPC  %s:%d%n", host, r.grpcPort() == 0 ? ports[0] : r.grpcPort()));
      b.append(String.format(Locale.ROOT, "  OTLP/HTTP  http://%s:%d/v1/traces  /v1/metrics  /v1/logs%n", host,
          r.httpPort() == 0 ? ports[1] : r.httpPort()));
    }
    int admin = !role.queries() ? (r.httpPort() == 0 ? ports[1] : r.httpPort())
        : config.queryPort() == 0 ? ports[ports.length - 1] : config.queryPort();
    if (role.queries()) {
      b.append(String.format(Locale.ROOT, "  UI, API    http://%s:%d/  /api/v1/%n", host, admin));
    }
    b.append(String.format(Locale.ROOT, "  health     http://%s:%d/health%n", host, admin));
    b.append(String.format(Locale.ROOT, "  metrics    http://%s:%d/metrics%n", host, admin));
    if (demo != null) {
      b.append(String.format(Locale.ROOT, "  demo       generated traffic of 6 services is being sent to OTLP/HTTP%n"));
    }
    return b.toString();
  }
}
