package io.pinscope.receiver;

import static java.util.Objects.requireNonNull;

import io.pinscope.receiver.statistics.StatisticsConfig;
import java.time.Duration;

/**
 * The receiver's configuration; every default is documented here and in the README.
 *
 * @param bindAddress where both OTLP ports listen (default {@code 0.0.0.0})
 * @param grpcPort the OTLP/gRPC port (default 4317; it serves OTLP/HTTP too; 0 picks a free port)
 * @param httpPort the OTLP/HTTP port (default 4318; it serves OTLP/gRPC too; 0 picks a free port)
 * @param maxBodyBytes largest request after decompression (default 64 MiB; past it: 413)
 * @param inFlightBudgetBytes request bytes being uploaded, waiting, decoded or stored at once (default 256
 *     MiB); the limit that binds: a request whose {@code Content-Length} does not fit waits (body unread) for
 *     up to {@code admissionWait}, then is refused (503 / UNAVAILABLE) from its headers; a body without a
 *     length is refused when its bytes stop fitting
 * @param workerThreads threads that decode and store (default: the number of processors)
 * @param queueCapacity admitted requests waiting for a worker (default 10,000; past it: 503 / UNAVAILABLE); a
 *     safety net behind the budget, which binds first for requests of more than budget / capacity bytes
 *     (26 KiB with the defaults)
 * @param retryAfterSeconds the retry hint sent with 503 / UNAVAILABLE (default 1)
 * @param statistics the server-map statistics' pairing of client and server spans: the pairing window
 *     (default 10 s; zero disables ingest-time pairing), the late window for servers whose caller's span is
 *     not stored yet (default 60 s) and the bound on waiting spans (default 100,000); see
 *     {@link StatisticsConfig}
 * @param statisticsFlushInterval how often aggregated statistics are written (default 1 s)
 * @param requestTimeout how long an OTLP request may take from its headers to its answer, upload included
 *     (default 60 s; past it: 408 / DEADLINE_EXCEEDED, counted as {@code outcome="timeout"})
 * @param uploadIdleTimeout how long an upload may go without a body byte arriving (default 10 s; past it:
 *     408 / DEADLINE_EXCEEDED, {@code outcome="timeout"}, its reserved bytes given back), so that a few
 *     stalled uploads that declared large lengths cannot hold the budget for the whole request timeout
 * @param admissionWait how long a request that does not fit the in-flight budget waits for room, first come
 *     first served, before it is refused (default 2 s; zero refuses at once). Its body is not read while it
 *     waits: it costs its headers and what the transport's flow control lets its client send ahead (HTTP/2:
 *     the stream window). At most {@value #MAX_ADMISSION_WAITERS} requests wait; more are refused at once. A
 *     request whose deadline ({@code requestTimeout}) passes while it waits is answered 408 as any other.
 */
public record ReceiverConfig(
    String bindAddress,
    int grpcPort,
    int httpPort,
    long maxBodyBytes,
    long inFlightBudgetBytes,
    int workerThreads,
    int queueCapacity,
    int retryAfterSeconds,
    StatisticsConfig statistics,
    Duration statisticsFlushInterval,
    Duration requestTimeout,
    Duration uploadIdleTimeout,
    Duration admissionWait) {

  /** The most requests that wait for room in the in-flight budget at once. */
  public static final int MAX_ADMISSION_WAITERS = 256;

  public ReceiverConfig {
    requireNonNull(bindAddress, "bindAddress");
    requireNonNull(statistics, "statistics");
    requireNonNull(statisticsFlushInterval, "statisticsFlushInterval");
    checkPort("grpcPort", grpcPort);
    checkPort("httpPort", httpPort);
    if (grpcPort != 0 && grpcPort == httpPort) {
      throw new IllegalArgumentException("httpPort: " + httpPort + " (expected: different from grpcPort)");
    }
    atLeast("maxBodyBytes", maxBodyBytes, 1024);
    atLeast("inFlightBudgetBytes", inFlightBudgetBytes, 1);
    atLeast("workerThreads", workerThreads, 1);
    atLeast("queueCapacity", queueCapacity, 1);
    atLeast("retryAfterSeconds", retryAfterSeconds, 1);
    requireNonNull(requestTimeout, "requestTimeout");
    if (requestTimeout.toMillis() < 100) {
      throw new IllegalArgumentException("requestTimeout: " + requestTimeout + " (expected: >= 100ms)");
    }
    requireNonNull(uploadIdleTimeout, "uploadIdleTimeout");
    if (uploadIdleTimeout.toMillis() < 100) {
      throw new IllegalArgumentException("uploadIdleTimeout: " + uploadIdleTimeout + " (expected: >= 100ms)");
    }
    requireNonNull(admissionWait, "admissionWait");
    if (admissionWait.isNegative()) {
      throw new IllegalArgumentException("admissionWait: " + admissionWait + " (expected: >= 0)");
    }
    if (statisticsFlushInterval.toMillis() < 10) {
      throw new IllegalArgumentException(
          "statisticsFlushInterval: " + statisticsFlushInterval + " (expected: >= 10ms)");
    }
  }

  /** The documented defaults. */
  public static ReceiverConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().bindAddress(bindAddress).grpcPort(grpcPort).httpPort(httpPort)
        .maxBodyBytes(maxBodyBytes).inFlightBudgetBytes(inFlightBudgetBytes).workerThreads(workerThreads)
        .queueCapacity(queueCapacity).retryAfterSeconds(retryAfterSeconds).statistics(statistics)
        .statisticsFlushInterval(statisticsFlushInterval).requestTimeout(requestTimeout).uploadIdleTimeout(uploadIdleTimeout)
        .admissionWait(admissionWait);
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + ": " + port + " (expected: 0..65535)");
    }
  }

  private static void atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= " + min + ")");
    }
  }

  /** Builds a {@link ReceiverConfig}, starting from the defaults. */
  public static final class Builder {
    private String bindAddress = "0.0.0.0";
    private int grpcPort = 4317;
    private int httpPort = 4318;
    private long maxBodyBytes = 64L << 20;
    private long inFlightBudgetBytes = 256L << 20;
    private int workerThreads = Runtime.getRuntime().availableProcessors();
    private int queueCapacity = 10_000;
    private int retryAfterSeconds = 1;
    private StatisticsConfig statistics = StatisticsConfig.defaults();
    private Duration statisticsFlushInterval = Duration.ofSeconds(1);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration uploadIdleTimeout = Duration.ofSeconds(10);
    private Duration admissionWait = Duration.ofSeconds(2);

    private Builder() {}

    public Builder bindAddress(String v) {
      bindAddress = requireNonNull(v, "bindAddress");
      return this;
    }

    public Builder grpcPort(int v) {
      grpcPort = v;
      return this;
    }

    public Builder httpPort(int v) {
      httpPort = v;
      return this;
    }

    public Builder maxBodyBytes(long v) {
      maxBodyBytes = v;
      return this;
    }

    public Builder inFlightBudgetBytes(long v) {
      inFlightBudgetBytes = v;
      return this;
    }

    public Builder workerThreads(int v) {
      workerThreads = v;
      return this;
    }

    public Builder queueCapacity(int v) {
      queueCapacity = v;
      return this;
    }

    public Builder retryAfterSeconds(int v) {
      retryAfterSeconds = v;
      return this;
    }

    public Builder statistics(StatisticsConfig v) {
      statistics = requireNonNull(v, "statistics");
      return this;
    }

    /** Sets {@link StatisticsConfig#pairingWindow()}, keeping the other statistics settings. */
    public Builder pairingWindow(Duration v) {
      statistics = statistics.withPairingWindows(v, statistics.latePairingWindow());
      return this;
    }

    /** Sets {@link StatisticsConfig#latePairingWindow()}, keeping the other statistics settings. */
    public Builder latePairingWindow(Duration v) {
      statistics = statistics.withPairingWindows(statistics.pairingWindow(), v);
      return this;
    }

    /** Sets {@link StatisticsConfig#maxRoutesPerApplication()}, keeping the other statistics settings. */
    public Builder maxRoutesPerApplication(int v) {
      statistics = statistics.withMaxRoutesPerApplication(v);
      return this;
    }

    /** Sets {@link StatisticsConfig#maxStatementsPerApplication()}, keeping the other statistics settings. */
    public Builder maxStatementsPerApplication(int v) {
      statistics = statistics.withMaxStatementsPerApplication(v);
      return this;
    }

    public Builder statisticsFlushInterval(Duration v) {
      statisticsFlushInterval = requireNonNull(v, "statisticsFlushInterval");
      return this;
    }

    public Builder requestTimeout(Duration v) {
      requestTimeout = requireNonNull(v, "requestTimeout");
      return this;
    }

    public Builder uploadIdleTimeout(Duration v) {
      uploadIdleTimeout = requireNonNull(v, "uploadIdleTimeout");
      return this;
    }

    public Builder admissionWait(Duration v) {
      admissionWait = requireNonNull(v, "admissionWait");
      return this;
    }

    public ReceiverConfig build() {
      return new ReceiverConfig(bindAddress, grpcPort, httpPort, maxBodyBytes, inFlightBudgetBytes,
          workerThreads, queueCapacity, retryAfterSeconds, statistics, statisticsFlushInterval, requestTimeout,
          uploadIdleTimeout, admissionWait);
    }
  }
}
