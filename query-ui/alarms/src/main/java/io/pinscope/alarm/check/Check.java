package io.pinscope.alarm.check;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.model.alarm.RuleKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one evaluation of one rule over one window.
 *
 * @param value the value found, in {@code unit}; null when the window holds nothing to judge by (no requests,
 *     no metrics): such a check never fires
 * @param unit the rule kind's unit symbol ({@code "count"}, {@code "%"}, {@code "ms"}, {@code "score"})
 * @param detected whether the rule fires
 * @param message one sentence in words, e.g. {@code "ERROR RATE 23.4 % ≥ 10 % (117 of 500 requests)"}
 */
public record Check(@Nullable Double value, String unit, boolean detected, String message) {
  public Check {
    requireNonNull(unit, "unit");
    requireNonNull(message, "message");
    if (value != null && !Double.isFinite(value)) {
      throw new IllegalArgumentException("value: " + value + " (expected: a finite number or null)");
    }
    if (detected && value == null) {
      throw new IllegalArgumentException("detected: true with value null (expected: a value when detected)");
    }
  }

  /**
   * {@code rule}'s verdict on {@code value}: fired as {@link RuleKind#fires} says, with the message
   * {@code "<NAME> <value> <comparison> <threshold> (<detail>)"} — the comparison {@code ≥} or {@code <}
   * ({@code ≤} or {@code >} for the kinds that fire below their threshold).
   *
   * @param detail what the value was computed from, in words (no parentheses); empty for none
   */
  public static Check measured(AlarmRule rule, double value, String detail) {
    RuleKind kind = rule.kind();
    boolean fires = kind.fires(value, rule.threshold());
    String comparison = kind.firesWhen() == RuleKind.FiresWhen.ABOVE ? (fires ? "≥" : "<") : (fires ? "≤" : ">");
    String text = kind.displayName() + " " + value(value, kind) + " " + comparison + " "
        + threshold(rule.threshold(), kind) + (detail.isEmpty() ? "" : " (" + detail + ")");
    return new Check(value, kind.unitSymbol(), fires, text);
  }

  /** No verdict: nothing in the window to judge by; {@code why} says what was missing. */
  public static Check noData(AlarmRule rule, String why) {
    return new Check(null, rule.kind().unitSymbol(), false, rule.kind().displayName() + ": " + why);
  }

  /**
   * A value as messages show it: counts whole, rates and times with one decimal ({@code "23.4 %"},
   * {@code "1234.5 ms"}), scores with two ({@code "0.62"}).
   */
  static String value(double value, RuleKind kind) {
    return switch (kind.unit()) {
      case COUNT -> Long.toString(Math.round(value));
      case PERCENT -> String.format(Locale.ROOT, "%.1f %%", value);
      case MILLIS -> String.format(Locale.ROOT, "%.1f ms", value);
      case SCORE -> String.format(Locale.ROOT, "%.2f", value);
    };
  }

  /** A threshold as messages show it: as given, without trailing zeros ({@code "10 %"}, {@code "0.7"}). */
  static String threshold(double threshold, RuleKind kind) {
    String n = plain(threshold);
    return switch (kind.unit()) {
      case COUNT, SCORE -> n;
      case PERCENT -> n + " %";
      case MILLIS -> n + " ms";
    };
  }

  /** {@code d} rounded to at most three decimals, without trailing zeros. */
  static String plain(double d) {
    return BigDecimal.valueOf(d).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
