package io.pinscope.alarm.channel;

import io.pinscope.model.alarm.AlarmChannel;
import java.util.concurrent.CompletableFuture;

/**
 * Sends to one type of channel. {@link ChannelDispatcher} owns the retries, the bound on work in flight and
 * the outcome's time; a sender makes single attempts.
 */
interface ChannelSender {
  /**
   * Builds what to send once (the payload does not change between attempts) and returns the attempt to run,
   * once per try. Throws {@link IllegalArgumentException} when the channel's target cannot be used at all (not
   * a URL, not an address): the delivery then fails at once, without retries.
   */
  Attempt prepare(Notification notification, AlarmChannel channel);

  /** One try to send a prepared notification. */
  @FunctionalInterface
  interface Attempt {
    /**
     * Starts sending and returns at once. The future completes, normally, within about the dispatcher's
     * per-attempt timeout; an unexpected exception is reported by failing the future.
     */
    CompletableFuture<AttemptOutcome> run();
  }
}
