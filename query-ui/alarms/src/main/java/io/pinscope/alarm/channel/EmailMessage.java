package io.pinscope.alarm.channel;

import java.util.Map;

/**
 * An email notification: a one-line subject and a plain-text (UTF-8) body with the same facts as the other
 * channels.
 *
 * <pre>
 * Subject: [Pinscope] FIRING: ERROR RATE of shop ≥ 10 % (23.4 %)
 *
 * FIRING: ERROR RATE of shop ≥ 10 % (23.4 %)
 *
 * 23.4 % of 1200 requests failed
 *
 * Rule:           checkout errors (r-1)
 * Application:    shop
 * Checker:        ERROR RATE
 * Threshold:      ≥ 10 %
 * Value:          23.4 %
 * Message:        23.4 % of 1200 requests failed
 * First detected: 2026-11-30T08:00:00Z
 * Evaluated:      2026-11-30T08:05:00Z
 * Sequence:       6 evaluations in a row
 * Link:           https://pinscope.example/#/alarms?application=shop&amp;rule=r-1
 *
 * --
 * Sent by Pinscope alarms.
 * </pre>
 *
 * @param subject the subject line, without line breaks
 * @param body the plain-text body, lines ending in {@code \n}
 */
record EmailMessage(String subject, String body) {
  /** Longest subject written; mail clients cut long subjects anyway. */
  static final int MAX_SUBJECT_CHARS = 200;

  /** The width the fact labels are padded to, so the values line up. */
  private static final int LABEL_WIDTH = "First detected: ".length();

  static EmailMessage of(Notification n) {
    String headline = AlarmText.headline(n);
    String subject = AlarmText.abbreviate(AlarmText.oneLine("[Pinscope] " + headline), MAX_SUBJECT_CHARS);
    StringBuilder body = new StringBuilder(headline).append("\n\n");
    if (!n.message().isBlank()) {
      body.append(n.message()).append("\n\n");
    }
    for (Map.Entry<String, String> fact : AlarmText.facts(n)) {
      String label = fact.getKey() + ":";
      body.append(label).append(" ".repeat(Math.max(1, LABEL_WIDTH - label.length())))
          .append(fact.getValue()).append('\n');
    }
    body.append("\n--\nSent by Pinscope alarms.\n");
    return new EmailMessage(subject, body.toString());
  }
}
