package io.pinscope.server;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.AgentInfo;
import io.pinscope.query.ApplicationRollup;
import io.pinscope.storage.ApplicationRegistry;
import io.pinscope.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background task that rolls up agent metrics ({@link io.pinscope.storage.MetricRollups}), then each
 * application's inspector hours whose agents are all rolled up ({@link ApplicationRollup}): every
 * {@link #PERIOD}, for every registered agent, the hours that ended at least {@link #SETTLE} ago and are not
 * rolled up yet. The settle time lets the points of an hour arrive (the agents export every minute) before it
 * is folded; a point arriving later still stays out of that hour's roll-up. Progress is stored per agent, so a
 * restart goes on where the last run stopped; until then long-range buckets fold the raw points.
 */
final class MetricRollupTask implements AutoCloseable {
  /** How often the task runs. */
  static final Duration PERIOD = Duration.ofMinutes(5);
  /** How long after its end an hour is rolled up. */
  static final Duration SETTLE = Duration.ofMinutes(5);

  private static final Logger logger = LoggerFactory.getLogger(MetricRollupTask.class);

  private final Storage storage;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final ApplicationRollup applications;

  private MetricRollupTask(Storage storage, Clock clock) {
    this.storage = storage;
    this.clock = clock;
    this.applications = new ApplicationRollup(storage, clock);
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pinscope-metric-rollup");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts the task: a first run soon after start, then every {@code period}. */
  static MetricRollupTask start(Storage storage, Clock clock, Duration period) {
    MetricRollupTask task = new MetricRollupTask(requireNonNull(storage, "storage"), requireNonNull(clock, "clock"));
    long millis = period.toMillis();
    if (millis < 1) {
      throw new IllegalArgumentException("period: " + period + " (expected: at least 1 ms)");
    }
    task.executor.scheduleWithFixedDelay(task::runLogged, Math.min(millis, 10_000), millis, TimeUnit.MILLISECONDS);
    return task;
  }

  /**
   * One run over every registered agent (at most {@link ApplicationRegistry#MAX_LIST} per application).
   *
   * @return the hours rolled up
   */
  long runOnce() {
    long until = clock.millis() - SETTLE.toMillis();
    long hours = 0;
    ApplicationRegistry registry = storage.applications();
    for (ApplicationRegistry.Application app : registry.applications()) {
      for (AgentInfo agent : registry.agents(app.name())) {
        hours += storage.metricRollups().rollUp(agent.agentId(), until);
      }
      // After its agents: the application's hours whose agents are all rolled up now.
      applications.rollUp(app.name(), until);
    }
    return hours;
  }

  private void runLogged() {
    try {
      long hours = runOnce();
      if (hours > 0) {
        logger.debug("Rolled up {} agent-hours of metrics", hours);
      }
    } catch (RuntimeException e) {
      // The next run retries: progress is only saved with the roll-ups written.
      logger.warn("Metric roll-up failed; retrying in {}", PERIOD, e);
    }
  }

  /** Stops the task, waiting for a run in progress to end. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        logger.warn("Metric roll-up still running after 30 s; closing anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
