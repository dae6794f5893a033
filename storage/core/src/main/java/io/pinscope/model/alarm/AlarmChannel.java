package io.pinscope.model.alarm;

import static java.util.Objects.requireNonNull;

/**
 * Where an alarm's notifications go: a generic JSON webhook ({@code target} an http(s) URL), a Slack-compatible
 * incoming webhook ({@code target} its URL) or email ({@code target} one address; the SMTP server is the
 * server's setting).
 */
public record AlarmChannel(Type type, String target) {
  /** The kinds of channel. */
  public enum Type { WEBHOOK, SLACK, EMAIL }

  public AlarmChannel {
    requireNonNull(type, "type");
    requireNonNull(target, "target");
    if (target.isBlank()) {
      throw new IllegalArgumentException("target: \"" + target + "\" (expected: a URL or an email address)");
    }
  }
}
