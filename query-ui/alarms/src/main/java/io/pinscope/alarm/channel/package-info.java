/** The notification channels: a JSON webhook, a Slack-compatible incoming webhook and email over SMTP. */
@NullMarked
package io.pinscope.alarm.channel;

import org.jspecify.annotations.NullMarked;
