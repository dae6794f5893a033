package io.pinscope.alarm.channel;

import io.pinscope.model.alarm.AlarmChannel;
import java.util.concurrent.CompletableFuture;

/**
 * Sends notifications to channels. {@link #deliver} returns at once and never throws: the sending, its
 * retries and their timeouts run elsewhere, so an evaluation is never held up by a channel, and the future
 * always completes normally — a failure is a {@link Delivery} with {@code delivered} false.
 */
@FunctionalInterface
public interface Dispatcher {
  /** Sends {@code notification} to {@code channel}; the future completes with the outcome. */
  CompletableFuture<Delivery> deliver(Notification notification, AlarmChannel channel);
}
