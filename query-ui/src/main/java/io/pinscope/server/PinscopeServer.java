package io.pinscope.server;

import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.TlsKeyPair;
import com.linecorp.armeria.server.GracefulShutdown;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.pinscope.demo.DemoTraffic;
import io.pinscope.query.QueryApi;
import io.pinscope.receiver.OtlpReceiver;
import io.pinscope.receiver.ReceiverConfig;
import io.pinscope.receiver.ReceiverMetrics;
import io.pinscope.server.auth.Auth;
import io.pinscope.server.auth.HashTokenCommand;
import io.pinscope.server.auth.TokenRole;
import io.pinscope.server.health.Readiness;
import io.pinscope.storage.Storage;
import io.pinscope.ui.SecurityHeaders;
import io.pinscope.ui.UiService;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pinscope process: storage and, by {@link Role}, the OTLP receiver and/or the query API and UI. Listeners
 * by purpose: the OTLP ports ({@code --grpc-port}, {@code --http-port} on {@code --bind}; both take OTLP/gRPC
 * and OTLP/HTTP) serve OTLP and nothing else; the query port ({@code --query-port} on {@code --query-bind})
 * serves {@code /health}, {@code /ready}, {@code /metrics} in every role, and the query API and UI where the
 * role queries. Anything else on a port answers 404 saying what the port serves. With {@code --tls-cert} and
 * {@code --tls-key} every port speaks TLS only.
 *
 * <p>Stop ({@link #close}; SIGTERM or Ctrl-C through {@link #main}): new requests are refused (503, probes
 * excepted), those in flight finish (cut after {@code --shutdown-timeout-seconds}), then the listeners close,
 * statistics are flushed and storage is closed. Where the query API runs (all-in-one, query), a background task
 * rolls up agent metrics per hour ({@link MetricRollupTask}) and another evaluates the alarm rules
 * ({@link AlarmTask}).
 */
public final class PinscopeServer implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(PinscopeServer.class);
  private static final String HBASE_NETTY_REFLECTION = "org.apache.hbase.thirdparty.io.netty.tryReflectionSetAccessible";

  private final ServerConfig config;
  private final Storage storage;
  private final @Nullable OtlpReceiver receiver;
  private final @Nullable Server otlp;
  private final Server query;
  private final StopGate gate;
  private volatile @Nullable DemoTraffic demo;
  private volatile @Nullable MetricRollupTask rollups;
  private volatile @Nullable AlarmTask alarms;
  private volatile @Nullable Auth auth;
  private volatile @Nullable StatisticsRecovery recovery;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  private PinscopeServer(ServerConfig config, Storage storage, @Nullable OtlpReceiver receiver, @Nullable Server otlp,
      Server query, StopGate gate) {
    this.config = config;
    this.storage = storage;
    this.receiver = receiver;
    this.otlp = otlp;
    this.query = query;
    this.gate = gate;
  }

  /**
   * The statistics crash recovery of an ingesting process over the embedded store ({@link StatisticsRecovery}):
   * rebuilds what an unclean stop lost before ingest starts; null for other engines and roles.
   */
  private static @Nullable StatisticsRecovery recoverStatistics(ServerConfig config, Storage storage, Clock clock) {
    if (!config.role().ingests() || !config.storage().engine().equals("rocksdb")) {
      return null;
    }
    StatisticsRecovery recovery = StatisticsRecovery.in(config.storage().dataDirectory(), clock);
    recovery.recover(storage, config.receiver().statistics());
    return recovery;
  }

  /** Opens storage and starts serving; returns once every port is bound. */
  public static PinscopeServer start(ServerConfig config) {
    return start(config, Clock.systemUTC());
  }

  /** As {@link #start(ServerConfig)}, the statistics' pairing windows and agent status timed by {@code clock} (tests). */
  static PinscopeServer start(ServerConfig config, Clock clock) {
    Role role = config.role();
    ReceiverConfig receiverConfig = config.receiver();
    @Nullable TlsKeyPair tls = tls(config.tls());
    Storage storage = Storage.open(config.storage());
    ReceiverMetrics metrics = new ReceiverMetrics();
    metrics.gauge("pinscope_storage_disk_bytes", "Bytes the storage engine uses on disk.",
        () -> storage.store().diskBytes());
    StopGate gate = new StopGate();
    metrics.gauge("pinscope_server_requests_in_flight", "Requests being served on every port (probes excepted).",
        gate::inFlight);
    OtlpReceiver receiver = null;
    Auth auth = null;
    try {
      auth = config.authTokens() == null ? null : Auth.start(config.authTokens(), metrics);
      StatisticsRecovery recovery = recoverStatistics(config, storage, clock);
      receiver = !role.ingests() ? null : recovery == null ? OtlpReceiver.start(receiverConfig, storage, metrics, clock)
          : OtlpReceiver.start(receiverConfig, storage, metrics, clock, recovery::flushed);
      @Nullable Server otlp = receiver == null ? null : otlpListener(receiverConfig, receiver, tls, gate, auth);
      ServerBuilder qb = listener(tls, gate)
          .port(new InetSocketAddress(config.queryBindAddress(), config.queryPort()), protocol(tls));
      OtlpReceiver ingesting = receiver;
      Path dataDir = config.storage().engine().equals("rocksdb") ? config.storage().dataDirectory() : null;
      Readiness readiness = new Readiness(storage, dataDir, config.minFreeDiskBytes(),
          ingesting == null ? () -> null : ingesting::ingestLoad);
      Probes.configure(qb, role, storage, metrics, readiness, gate);
      if (role.queries()) {
        queryRoutes(qb, config, storage, clock, auth);
        qb.service(BackupService.PATH, new BackupService(storage, recovery != null ? recovery::checkpointLine
            : () -> StatisticsRecovery.stoppedLine(clock.millis()), auth != null));
        qb.decoratorUnder("/api/", SecurityHeaders.DECORATOR); // CSP + nosniff on API answers
      } else {
        qb.serviceUnder("/", new WrongPort(WrongPort.PROBES_ONLY));
      }
      Server query = qb.build();
      if (otlp != null) {
        otlp.start().join();
      }
      try {
        query.start().join();
      } catch (RuntimeException e) {
        if (otlp != null) {
          otlp.stop().join();
        }
        throw e;
      }
      PinscopeServer started = new PinscopeServer(config, storage, receiver, otlp, query, gate);
      started.auth = auth;
      started.recovery = recovery;
      // Background tasks run where the query API runs (Role#runsBackgroundTasks): collectors stay stateless.
      if (role.runsBackgroundTasks()) {
        started.rollups = MetricRollupTask.start(storage, clock, MetricRollupTask.PERIOD);
        if (config.alarms()) {
          started.alarms = AlarmTask.start(config, storage, clock);
        }
      }
      if (config.demo()) {
        // With auth on, the demo sends a token issued in process (never in the token file).
        started.demo = DemoTraffic.start(started.otlpHttpUri(),
            auth == null ? null : auth.issue(TokenRole.INGEST, "demo traffic (in process)"));
      }
      return started;
    } catch (RuntimeException e) {
      if (auth != null) {
        auth.close();
      }
      if (receiver != null) {
        receiver.close();
      }
      storage.close();
      throw e;
    }
  }

  /** The OTLP listener: both OTLP ports, both transports on each, nothing else. */
  private static Server otlpListener(ReceiverConfig r, OtlpReceiver receiver, @Nullable TlsKeyPair tls,
      StopGate gate, @Nullable Auth auth) {
    ServerBuilder sb = listener(tls, gate)
        .port(new InetSocketAddress(r.bindAddress(), r.grpcPort()), protocol(tls))
        .port(new InetSocketAddress(r.bindAddress(), r.httpPort()), protocol(tls));
    receiver.configure(sb);
    if (auth != null) {
      auth.protectOtlp(sb);
    }
    sb.serviceUnder("/", new WrongPort(WrongPort.OTLP_ONLY));
    return sb.build();
  }

  /** The query port's API and UI; OTLP sent there (HTTP or gRPC) answers 404 / UNIMPLEMENTED naming the OTLP ports. */
  private static void queryRoutes(ServerBuilder sb, ServerConfig config, Storage storage, Clock clock,
      @Nullable Auth auth) {
    QueryApi.configure(sb, storage, clock, config.agentNoData());
    if (auth != null) {
      auth.protectApi(sb);
    }
    WrongPort noOtlp = new WrongPort(WrongPort.NO_OTLP);
    for (String path : List.of("/v1/traces", "/v1/metrics", "/v1/logs")) {
      sb.service(path, noOtlp);
    }
    for (String grpcService : List.of("trace.v1.TraceService", "metrics.v1.MetricsService", "logs.v1.LogsService")) {
      sb.serviceUnder("/opentelemetry.proto.collector." + grpcService + "/", noOtlp); // OTLP/gRPC's methods
    }
    sb.serviceUnder("/", new UiService());
  }

  /** The key and certificates of every port's TLS, or null without TLS; read once, at start. */
  private static @Nullable TlsKeyPair tls(@Nullable TlsFiles files) {
    if (files == null) {
      return null;
    }
    try {
      return TlsKeyPair.of(files.privateKey().toFile(), files.certificateChain().toFile());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("tls-cert " + files.certificateChain() + ", tls-key " + files.privateKey()
          + ": cannot be loaded (" + e.getMessage() + "; expected: a PEM certificate chain and its unencrypted "
          + "PKCS#8 private key)", e);
    }
  }

  private static SessionProtocol protocol(@Nullable TlsKeyPair tls) {
    return tls == null ? SessionProtocol.HTTP : SessionProtocol.HTTPS;
  }

  /**
   * A listener's builder: TLS when configured, the stop gate on every route; no Armeria graceful shutdown, the
   * gate drains requests before the listener stops ({@link #close}).
   */
  private static ServerBuilder listener(@Nullable TlsKeyPair tls, StopGate gate) {
    ServerBuilder sb = Server.builder().gracefulShutdown(GracefulShutdown.disabled()).decorator(gate);
    if (tls != null) {
      sb.tls(tls);
    }
    return sb;
  }

  /**
   * Every bound port (free ports resolved), in the order grpc, http, query of those the role binds: all three
   * for all-in-one and collector, query alone for query.
   */
  public int[] ports() {
    IntStream otlpPorts = otlp == null ? IntStream.empty() : IntStream.of(otlpPorts(otlp));
    return IntStream.concat(otlpPorts, boundPorts(query)).toArray();
  }

  /** The OTLP listener's grpc and http ports as bound; a port asked as 0 is the other bound one. */
  private int[] otlpPorts(Server server) {
    int[] bound = boundPorts(server).toArray();
    ReceiverConfig r = config.receiver();
    int grpc = r.grpcPort();
    int http = r.httpPort();
    if (grpc == 0 && http == 0) {
      return bound; // the order they were bound in: grpc, then http
    }
    return grpc == 0 ? new int[] {bound[0] == http ? bound[1] : bound[0], http}
        : new int[] {grpc, http == 0 ? (bound[0] == grpc ? bound[1] : bound[0]) : http};
  }

  private static IntStream boundPorts(Server server) {
    return server.activePorts().values().stream().mapToInt(p -> p.localAddress().getPort());
  }

  /** The query port as bound (free port resolved). */
  public int queryPort() {
    return query.activeLocalPort();
  }

  /** The stop gate of every listener (tests). */
  StopGate gate() {
    return gate;
  }

  /** The scheme of every port: {@code https} with TLS, else {@code http}. */
  private String scheme() {
    return config.tls() == null ? "http" : "https";
  }

  /** The OTLP/HTTP base URI this process answers on, from this host. */
  private String otlpHttpUri() {
    return scheme() + "://" + host(config.bindAddress(), "127.0.0.1") + ":" + ports()[1];
  }

  /** A host to reach {@code bind} at: {@code wildcard} for the wildcard addresses, IPv6 bracketed. */
  private static String host(String bind, String wildcard) {
    return bind.equals("0.0.0.0") || bind.equals("::") ? wildcard : bind.contains(":") ? "[" + bind + "]" : bind;
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

  /**
   * Stops gracefully: new requests are refused (503; the probes keep answering, {@code /ready} with
   * {@code NOT_READY}), requests in flight finish or are cut after {@code --shutdown-timeout-seconds}, the
   * listeners close, background tasks stop, the receiver drains its queue and flushes statistics, storage
   * closes. A second call waits for the first to finish.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      stopped.join();
      return;
    }
    try {
      stop();
    } finally {
      stopped.complete(null);
    }
  }

  private void stop() {
    long start = System.nanoTime();
    gate.stop();
    DemoTraffic traffic = demo;
    if (traffic != null) {
      traffic.close();
    }
    Duration timeout = config.shutdownTimeout();
    int inFlight = gate.inFlight();
    if (inFlight > 0) {
      logger.info("stopping: refusing new requests, waiting up to {} s for {} in flight", timeout.toSeconds(),
          inFlight);
    }
    int cut;
    try {
      cut = gate.awaitIdle(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cut = gate.inFlight();
    }
    if (cut > 0) {
      logger.warn("stopping: {} request(s) still in flight after {} s are cut (--shutdown-timeout-seconds)", cut,
          timeout.toSeconds());
    }
    Server o = otlp;
    CompletableFuture.allOf(o == null ? CompletableFuture.completedFuture(null) : o.stop(), query.stop()).join();
    MetricRollupTask task = rollups;
    if (task != null) {
      task.close();
    }
    AlarmTask alarmTask = alarms;
    if (alarmTask != null) {
      alarmTask.close();
    }
    if (receiver != null) {
      receiver.close(); // drains queued work, flushes statistics
      StatisticsRecovery r = recovery;
      if (r != null && receiver.statistics().retainedCells() == 0) {
        r.stopped(); // the final flush wrote everything: nothing to rebuild at the next start
      }
    }
    Auth tokens = auth;
    if (tokens != null) {
      tokens.close();
    }
    storage.close();
    logger.info("stopped in {} ms", (System.nanoTime() - start) / 1_000_000);
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
    if (args.length > 0 && args[0].equals(BackupCommand.NAME)) {
      System.exit(command(BackupCommand.NAME, Arrays.copyOfRange(args, 1, args.length), BackupCommand.usage(),
          a -> BackupCommand.parse(a, System.getenv()), o -> BackupCommand.run(o, System.out, System.err)));
      return;
    }
    if (args.length > 0 && args[0].equals(RestoreCommand.NAME)) {
      System.exit(command(RestoreCommand.NAME, Arrays.copyOfRange(args, 1, args.length), RestoreCommand.usage(),
          RestoreCommand::parse, o -> RestoreCommand.run(o, System.out, System.err)));
      return;
    }
    if (args.length > 0 && args[0].equals(HBaseSchemaCommand.NAME)) {
      System.exit(hbaseSchema(Arrays.copyOfRange(args, 1, args.length)));
      return;
    }
    if (args.length > 0 && args[0].equals(HashTokenCommand.NAME)) {
      System.exit(command(HashTokenCommand.NAME, Arrays.copyOfRange(args, 1, args.length), HashTokenCommand.usage(),
          HashTokenCommand::parse, a -> HashTokenCommand.run(System.in, System.out, System.err)));
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
    // SIGTERM and Ctrl-C stop gracefully, a second one exits at once; other exits still close the store.
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "pinscope-shutdown"));
    SignalStop.install(server::close, config.shutdownTimeout());
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

  /** The start-up banner: role, storage, and every bound port as a URL (https with TLS), real ports when 0 was asked. */
  String banner(long startMillis) {
    Role role = config.role();
    String scheme = scheme();
    String queryBase = scheme + "://" + host(config.queryBindAddress(), "localhost") + ":" + queryPort();
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Pinscope %s started in %d ms (storage: %s%s)%n", role.flag(), startMillis,
        storage.store().engineName(), storage.store().engineName().equals("rocksdb")
            ? " at " + config.storage().dataDirectory().toAbsolutePath() : ""));
    b.append(String.format(Locale.ROOT, "  serves     %s%n", role.serves()));
    if (otlp != null) {
      int[] ports = ports();
      String otlpHost = host(config.bindAddress(), "localhost");
      b.append(String.format(Locale.ROOT, "  OTLP/gRPC  %s://%s:%d%n", scheme, otlpHost, ports[0]));
      b.append(String.format(Locale.ROOT, "  OTLP/HTTP  %s://%s:%d/v1/traces  /v1/metrics  /v1/logs%n", scheme,
          otlpHost, ports[1]));
    }
    if (role.queries()) {
      b.append(String.format(Locale.ROOT, "  UI         %s/%n", queryBase));
      b.append(String.format(Locale.ROOT, "  API        %s/api/v1/%n", queryBase));
    }
    b.append(String.format(Locale.ROOT, "  health     %s/health  %s/ready%n", queryBase, queryBase));
    b.append(String.format(Locale.ROOT, "  metrics    %s/metrics%n", queryBase));
    TlsFiles tls = config.tls();
    if (tls != null) {
      b.append(String.format(Locale.ROOT, "  TLS        every port, certificate %s%n",
          tls.certificateChain().toAbsolutePath()));
    }
    if (demo != null) {
      b.append(String.format(Locale.ROOT, "  demo       generated traffic of 6 services is being sent to OTLP/HTTP%n"));
    }
    return b.toString();
  }
}
