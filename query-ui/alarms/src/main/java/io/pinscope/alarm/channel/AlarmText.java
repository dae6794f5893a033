package io.pinscope.alarm.channel;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The words and numbers every human-readable channel (Slack, email) shows for a notification, so they say the
 * same thing: the headline {@code "FIRING: ERROR RATE of shop ≥ 10 % (23.4 %)"} and the labelled facts.
 */
final class AlarmText {
  /** Longest target shown in a headline; statements can be kilobytes long. */
  private static final int HEADLINE_TARGET_CHARS = 80;

  /**
   * The notification's kind as a headline word: FIRING, STILL FIRING (a repeat), ESCALATED, RECOVERED.
   */
  static String kindLabel(Notification.Kind kind) {
    return switch (kind) {
      case FIRING -> "FIRING";
      case REPEAT -> "STILL FIRING";
      case ESCALATION -> "ESCALATED";
      case RECOVERY -> "RECOVERED";
    };
  }

  /**
   * Whether the rule fires when the value is at or below its threshold. Only APDEX does (a low score is bad);
   * the notification carries the checker's display name, not the rule kind, so it is recognised by name.
   */
  static boolean firesBelow(Notification n) {
    return n.checker().trim().equalsIgnoreCase("APDEX");
  }

  /** The comparison of value with threshold the headline states: ≥ (≤ for APDEX), and < (>) on recovery. */
  static String comparison(Notification n) {
    boolean recovered = n.kind() == Notification.Kind.RECOVERY;
    if (firesBelow(n)) {
      return recovered ? ">" : "≤";
    }
    return recovered ? "<" : "≥";
  }

  /** {@code "ERROR RATE of shop ≥ 10 % (23.4 %)"}, with {@code " → <target>"} after the application if any. */
  static String condition(Notification n) {
    StringBuilder s = new StringBuilder(n.checker()).append(" of ").append(n.application());
    if (n.target() != null && !n.target().isBlank()) {
      s.append(" → ").append(abbreviate(oneLine(n.target()), HEADLINE_TARGET_CHARS));
    }
    return s.append(' ').append(comparison(n)).append(' ').append(quantity(n.threshold(), n.unit()))
        .append(" (").append(quantity(n.value(), n.unit())).append(')').toString();
  }

  /** {@code "FIRING: ERROR RATE of shop ≥ 10 % (23.4 %)"}. */
  static String headline(Notification n) {
    return kindLabel(n.kind()) + ": " + condition(n);
  }

  /**
   * A number with its unit as people write it: {@code "23.4 %"}, {@code "250 ms"}; counts and scores without a
   * unit ({@code "17"}, {@code "0.85"}); {@code "n/a"} for NaN or infinity.
   */
  static String quantity(double v, String unit) {
    String number = number(v);
    if (!Double.isFinite(v) || unit.isBlank() || unit.equals("count") || unit.equals("score")) {
      return number;
    }
    return number + " " + unit;
  }

  /**
   * At most 2 decimals (3 below 1, where they matter: an APDEX of 0.853), trailing zeros dropped, never
   * exponent notation, {@code "n/a"} when not finite.
   */
  static String number(double v) {
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    int scale = Math.abs(v) < 1 ? 3 : 2;
    BigDecimal d = BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros();
    return d.signum() == 0 ? "0" : d.toPlainString();
  }

  /** ISO-8601 UTC, e.g. {@code 2026-11-30T08:05:00Z}. */
  static String time(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }

  /**
   * The labelled facts in the order shown (rule, application, checker, target if any, threshold, value,
   * message, first detected, evaluated, sequence, link if any). Values are plain text.
   */
  static List<Map.Entry<String, String>> facts(Notification n) {
    List<Map.Entry<String, String>> facts = new ArrayList<>();
    facts.add(Map.entry("Rule", n.ruleName() + " (" + n.ruleId() + ")"));
    facts.add(Map.entry("Application", n.application()));
    facts.add(Map.entry("Checker", n.checker()));
    if (n.target() != null && !n.target().isBlank()) {
      facts.add(Map.entry("Target", n.target()));
    }
    facts.add(Map.entry("Threshold", (firesBelow(n) ? "≤ " : "≥ ") + quantity(n.threshold(), n.unit())));
    facts.add(Map.entry("Value", quantity(n.value(), n.unit())));
    facts.add(Map.entry("Message", n.message()));
    facts.add(Map.entry("First detected", time(n.firstDetectedMillis())));
    facts.add(Map.entry("Evaluated", time(n.evaluatedMillis())));
    facts.add(Map.entry("Sequence", n.sequence() + (n.sequence() == 1 ? " evaluation" : " evaluations in a row")));
    if (n.link() != null) {
      facts.add(Map.entry("Link", n.link()));
    }
    return facts;
  }

  /** Line breaks and tabs as spaces, so a value fits on one line (a subject, a log line). */
  static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }

  /** At most {@code max} characters, the cut marked with an ellipsis. */
  static String abbreviate(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    return s.substring(0, Math.max(0, max - 1)) + "…";
  }

  private AlarmText() {}
}
