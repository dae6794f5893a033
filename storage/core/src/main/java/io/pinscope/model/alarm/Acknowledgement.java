package io.pinscope.model.alarm;

/**
 * Someone saying they are on a firing alarm: it stops re-notification and escalation until the alarm
 * recovers (recovery is still sent).
 *
 * @param by who acknowledged (non-blank, at most 200 characters)
 * @param atMillis when (epoch ms)
 * @param comment free text, possibly empty (at most 1000 characters)
 */
public record Acknowledgement(String by, long atMillis, String comment) {
  public Acknowledgement {
    Checks.text("by", by, 200);
    Checks.nonNegative("at", atMillis);
    Checks.optionalText("comment", comment);
  }
}
