/**
 * The notification channels: a JSON webhook, a Slack-compatible incoming webhook and email over SMTP.
 *
 * <p>The contract the evaluator codes against is {@link io.pinscope.alarm.channel.Dispatcher} (with
 * {@link io.pinscope.alarm.channel.Notification} in and {@link io.pinscope.alarm.channel.Delivery} out);
 * {@link io.pinscope.alarm.channel.ChannelDispatcher} implements it, with retries, timeouts and a bound on work
 * in flight. What each channel receives is built by one class per channel type: {@code WebhookPayload} (the
 * stable JSON shape, documented there), {@code SlackPayload} (Slack's incoming-webhook format) and
 * {@code EmailMessage} (subject and plain-text body); {@code AlarmText} holds the wording they share.
 */
@NullMarked
package io.pinscope.alarm.channel;

import org.jspecify.annotations.NullMarked;
