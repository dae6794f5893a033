package io.pinscope.server;

import static java.util.Objects.requireNonNull;

import io.pinscope.alarm.anomaly.AnomalyChecker;
import io.pinscope.alarm.channel.ChannelDispatcher;
import io.pinscope.alarm.check.CheckerRegistry;
import io.pinscope.alarm.evaluate.AlarmEvaluator;
import io.pinscope.storage.Storage;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's alarm evaluation: an {@link AlarmEvaluator} over the storage's alarm rules, every
 * {@code --alarm-interval-seconds} over the last {@code --alarm-window-minutes}, sending through a
 * {@link ChannelDispatcher} (webhooks, Slack, email over {@code --smtp-host}, links under {@code --public-url}).
 * Started with the server, stopped with it (before storage closes).
 */
final class AlarmTask implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(AlarmTask.class);

  private final ChannelDispatcher dispatcher;
  private final AlarmEvaluator evaluator;

  private AlarmTask(ChannelDispatcher dispatcher, AlarmEvaluator evaluator) {
    this.dispatcher = dispatcher;
    this.evaluator = evaluator;
  }

  /** Starts evaluating; the first round one interval from now. */
  static AlarmTask start(ServerConfig config, Storage storage, Clock clock) {
    requireNonNull(config, "config");
    ChannelDispatcher dispatcher = dispatcher(config, clock);
    try {
      AlarmEvaluator evaluator = AlarmEvaluator.builder(storage.alarms(), checkers(storage), dispatcher)
          .clock(clock).interval(config.alarmInterval()).window(config.alarmWindow()).build();
      evaluator.start();
      logger.info("Evaluating alarm rules every {} s over the last {} min", config.alarmInterval().toSeconds(),
          config.alarmWindow().toMinutes());
      return new AlarmTask(dispatcher, evaluator);
    } catch (RuntimeException e) {
      dispatcher.close();
      throw e;
    }
  }

  /** The notification channels the server sends through. */
  static ChannelDispatcher dispatcher(ServerConfig config, Clock clock) {
    return ChannelDispatcher.builder().smtp(config.smtp()).publicBaseUrl(config.publicUrl()).clock(clock).build();
  }

  /** The checker of every rule kind: the built-in ones and the anomaly checkers. */
  static CheckerRegistry checkers(Storage storage) {
    return AnomalyChecker.addTo(CheckerRegistry.standard(storage), storage.statistics()).build();
  }

  /**
   * Stops evaluating (a round in progress finishes), then the dispatcher (pending retries are cancelled, their
   * deliveries complete as failed), then the evaluator's recording of delivery outcomes — in this order, so the
   * outcomes of the deliveries cancelled are recorded on their events rather than dropped.
   */
  @Override
  public void close() {
    evaluator.stop();
    dispatcher.close();
    evaluator.close();
  }
}
