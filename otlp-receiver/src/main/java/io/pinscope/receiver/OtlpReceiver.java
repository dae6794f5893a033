package io.pinscope.receiver;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.server.ServerBuilder;
import io.pinscope.receiver.statistics.StatisticsAggregator;
import io.pinscope.receiver.transport.IngestExecutor;
import io.pinscope.receiver.transport.OtlpTransport;
import io.pinscope.storage.Storage;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver's composition root: the ingest pipeline over a {@link Storage}, its worker pool with
 * admission control, and the statistics aggregator flushed on a schedule. {@link #configure} adds the
 * OTLP routes to an Armeria server; {@link #close} drains queued work, then flushes statistics (stop the
 * server first so that no new request arrives).
 */
public final class OtlpReceiver implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(OtlpReceiver.class);

  private final ReceiverConfig config;
  private final ReceiverMetrics metrics;
  private final StatisticsAggregator statistics;
  private final IngestPipeline pipeline;
  private final IngestExecutor executor;
  private final ScheduledExecutorService flusher;
  private final Clock clock;
  private final Storage storage;
  private final LongConsumer statisticsFlushed;

  private OtlpReceiver(ReceiverConfig config, Storage storage, ReceiverMetrics metrics, Clock clock,
      LongConsumer statisticsFlushed) {
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
    this.storage = storage;
    this.statisticsFlushed = statisticsFlushed;
    this.statistics = new StatisticsAggregator(storage.statistics(), storage.traces(), config.statistics(), clock);
    Map<String, Integer> known = new HashMap<>();
    storage.applications().applications().forEach(a -> known.put(a.name(), a.serviceType().code()));
    statistics.knownApplications(known);
    this.pipeline = new StoringIngestPipeline(storage, statistics, metrics, clock);
    this.executor = new IngestExecutor(config.workerThreads(), config.queueCapacity(),
        config.inFlightBudgetBytes(), config.retryAfterSeconds(), config.admissionWait(),
        ReceiverConfig.MAX_ADMISSION_WAITERS);
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pinscope-statistics-flush");
      t.setDaemon(true);
      return t;
    });
    long interval = config.statisticsFlushInterval().toMillis();
    flusher.scheduleWithFixedDelay(this::flushQuietly, interval, interval, TimeUnit.MILLISECONDS);
    metrics.gauge("pinscope_receiver_inflight_bytes",
        "Request bytes admitted and not finished: being uploaded, waiting, decoded or stored.",
        executor::inFlightBytes);
    metrics.gauge("pinscope_receiver_queue_depth", "Requests waiting for an ingest worker.",
        executor::queueDepth);
    metrics.gauge("pinscope_receiver_admission_waiting", "Requests waiting, body unread, for room in the"
        + " in-flight budget.", executor::admissionWaiters);
    metrics.gauge("pinscope_statistics_pending_pairs",
        "Client and server spans waiting for their other half, for a read of their parent span, or late.",
        () -> statistics.snapshot().pendingPairs());
    metrics.counterFunction("pinscope_statistics_folded_route_spans_total",
        "Entry spans counted under the URI-statistics route 'other': their application had reached the route cap.",
        () -> statistics.snapshot().foldedRouteSpans());
    metrics.counterFunction("pinscope_statistics_folded_statement_spans_total",
        "Database calls counted under the SQL-statistics statement 'other': their application had reached the"
            + " statement cap.",
        () -> statistics.snapshot().foldedStatementSpans());
    metrics.gauge("pinscope_statistics_last_flush_seconds", "Duration of the last statistics flush.",
        () -> statistics.snapshot().lastFlushDuration().toNanos() / 1e9);
  }

  /** Starts the receiver's workers and statistics flushing over {@code storage}. */
  public static OtlpReceiver start(ReceiverConfig config, Storage storage, ReceiverMetrics metrics, Clock clock) {
    return start(config, storage, metrics, clock, watermark -> { });
  }

  /**
   * As {@link #start(ReceiverConfig, Storage, ReceiverMetrics, Clock)}; after each scheduled statistics flush
   * that wrote everything (nothing kept from a failed write), {@code statisticsFlushed} gets the flush's start
   * time on {@code clock}: every span accepted before it is in the written statistics, except client and
   * server halves still waiting for each other (at most the pairing windows). Called on the flush thread.
   */
  public static OtlpReceiver start(ReceiverConfig config, Storage storage, ReceiverMetrics metrics, Clock clock,
      LongConsumer statisticsFlushed) {
    requireNonNull(config, "config");
    requireNonNull(storage, "storage");
    requireNonNull(metrics, "metrics");
    requireNonNull(clock, "clock");
    requireNonNull(statisticsFlushed, "statisticsFlushed");
    return new OtlpReceiver(config, storage, metrics, clock, statisticsFlushed);
  }

  /** Adds the OTLP gRPC services and HTTP endpoints to {@code sb}; the caller binds the ports. */
  public void configure(ServerBuilder sb) {
    OtlpTransport.configure(sb, config, pipeline, executor, metrics, clock, () -> storage.store().writeFault());
  }

  /** The pipeline, for in-process senders and tests. */
  public IngestPipeline pipeline() {
    return pipeline;
  }

  /** The ingest workers' queue and in-flight bytes now, for readiness. */
  public IngestLoad ingestLoad() {
    return new IngestLoad(executor.queueDepth(), config.queueCapacity(), executor.inFlightBytes(),
        executor.budgetBytes());
  }

  /** The statistics aggregator's counters now (pending halves, pairs, flushes, ...). */
  public StatisticsAggregator.Snapshot statistics() {
    return statistics.snapshot();
  }

  /** Writes the statistics aggregated so far (normally done every flush interval). */
  public void flushStatistics() {
    statistics.flush();
  }

  private void flushQuietly() {
    try {
      long started = clock.millis();
      statistics.flush();
      if (statistics.snapshot().retainedCells() == 0) {
        statisticsFlushed.accept(started);
      }
    } catch (RuntimeException e) {
      logger.warn("statistics flush failed; the data is kept for the next flush", e);
    }
  }

  @Override
  public void close() {
    executor.close();
    flusher.shutdown();
    try {
      flusher.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    statistics.close();
  }
}
