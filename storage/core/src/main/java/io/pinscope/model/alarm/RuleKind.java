package io.pinscope.model.alarm;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an alarm rule measures over its window, with Pinpoint's display name, the unit of its value and
 * threshold, what the rule's {@code target} names, and when it fires.
 *
 * <p>Every kind fires when the value over the window is {@code >=} the threshold ({@link FiresWhen#ABOVE}),
 * except {@link #APDEX}, which fires when the score is {@code <=} the threshold ({@link FiresWhen#BELOW}).
 * Thresholds must be {@linkplain #acceptsThreshold accepted}: counts {@code >= 1}, rates in {@code (0, 100]},
 * times {@code > 0} (a threshold of 0 would fire on every window), Apdex 0..1, anomaly sensitivity 1..100. Options not given on a rule take their
 * {@link Option#defaultValue()}.
 */
public enum RuleKind {
  SLOW_COUNT("SLOW COUNT", Unit.COUNT, TargetKind.NONE,
      "Requests of the application in the slow and very slow response bands"),
  SLOW_RATE("SLOW RATE", Unit.PERCENT, TargetKind.NONE,
      "Share of the application's requests in the slow and very slow response bands"),
  ERROR_COUNT("ERROR COUNT", Unit.COUNT, TargetKind.NONE, "Failed requests of the application"),
  ERROR_RATE("ERROR RATE", Unit.PERCENT, TargetKind.NONE, "Share of the application's requests that failed"),
  TOTAL_COUNT("TOTAL COUNT", Unit.COUNT, TargetKind.NONE, "Requests the application served"),
  APDEX("APDEX", Unit.SCORE, TargetKind.NONE,
      "Apdex score of the application's requests (0..1); fires when at or below the threshold"),
  AVG_RESPONSE_TIME("AVG RESPONSE TIME", Unit.MILLIS, TargetKind.NONE,
      "Average response time of the application's requests"),
  P95_RESPONSE_TIME("P95 RESPONSE TIME", Unit.MILLIS, TargetKind.NONE,
      "95th percentile response time of the application's requests (from the response histogram)"),
  SLOW_COUNT_TO_CALLEE("SLOW COUNT TO CALLEE", Unit.COUNT, TargetKind.CALLEE,
      "Calls from the application to the callee in the slow and very slow response bands"),
  SLOW_RATE_TO_CALLEE("SLOW RATE TO CALLEE", Unit.PERCENT, TargetKind.CALLEE,
      "Share of the application's calls to the callee in the slow and very slow response bands"),
  ERROR_COUNT_TO_CALLEE("ERROR COUNT TO CALLEE", Unit.COUNT, TargetKind.CALLEE,
      "Failed calls from the application to the callee"),
  ERROR_RATE_TO_CALLEE("ERROR RATE TO CALLEE", Unit.PERCENT, TargetKind.CALLEE,
      "Share of the application's calls to the callee that failed"),
  TOTAL_COUNT_TO_CALLEE("TOTAL COUNT TO CALLEE", Unit.COUNT, TargetKind.CALLEE,
      "Calls from the application to the callee"),
  HEAP_USAGE_RATE("HEAP USAGE RATE", Unit.PERCENT, TargetKind.NONE,
      "Heap used as a share of the heap limit, of the worst agent of the application"),
  JVM_CPU_USAGE_RATE("JVM CPU USAGE RATE", Unit.PERCENT, TargetKind.NONE,
      "CPU used by the JVM, of the worst agent of the application"),
  ACTIVE_REQUESTS("ACTIVE REQUESTS", Unit.COUNT, TargetKind.NONE,
      "Requests in progress for longer than the slow threshold, summed over the application's agents"),
  AGENT_DOWN("AGENT DOWN", Unit.COUNT, TargetKind.NONE,
      "Agents of the application seen before that sent no data for the given minutes",
      new Option("minutes", 5, 1, 1440, false, "Minutes without data after which an agent counts as down (less"
          + " than 3 counts as 3: an agent's last-seen time may lag its data by up to 2 minutes)")),
  ROUTE_ERROR_RATE("ROUTE ERROR RATE", Unit.PERCENT, TargetKind.ROUTE,
      "Share of the route's requests that failed"),
  ROUTE_AVG_RESPONSE_TIME("ROUTE AVG RESPONSE TIME", Unit.MILLIS, TargetKind.ROUTE,
      "Average response time of the route's requests"),
  STATEMENT_AVG_RESPONSE_TIME("STATEMENT AVG RESPONSE TIME", Unit.MILLIS, TargetKind.STATEMENT,
      "Average execution time of the SQL statement"),
  STATEMENT_ERROR_RATE("STATEMENT ERROR RATE", Unit.PERCENT, TargetKind.STATEMENT,
      "Share of the SQL statement's executions that failed"),
  ANOMALY_AVG_RESPONSE_TIME("ANOMALY AVG RESPONSE TIME", Unit.SCORE, TargetKind.NONE,
      "Average response time unusually high against its seasonal baseline; the threshold is the sensitivity"
          + " (a robust z-score, typically 4)",
      Option.MIN_TRAFFIC, Option.BASELINE_DAYS),
  ANOMALY_ERROR_RATE("ANOMALY ERROR RATE", Unit.SCORE, TargetKind.NONE,
      "Error rate unusually high against its seasonal baseline; the threshold is the sensitivity"
          + " (a robust z-score, typically 4)",
      Option.MIN_TRAFFIC, Option.BASELINE_DAYS),
  ANOMALY_TOTAL_COUNT("ANOMALY TOTAL COUNT", Unit.SCORE, TargetKind.NONE,
      "Request count unusually far from its seasonal baseline; the threshold is the sensitivity"
          + " (a robust z-score, typically 4)",
      Option.MIN_TRAFFIC, Option.BASELINE_DAYS);

  /** What a rule's {@code target} names. */
  public enum TargetKind {
    /** No target: the rule is about the whole application. */
    NONE,
    /** The callee node's name as the server map shows it. */
    CALLEE,
    /** A route (URI template) of the application, as URI statistics show it. */
    ROUTE,
    /** A normalised SQL statement, as SQL statistics show it. */
    STATEMENT
  }

  /** Which side of the threshold fires. */
  public enum FiresWhen {
    /** Fires when the value is at or above the threshold. */
    ABOVE,
    /** Fires when the value is at or below the threshold. */
    BELOW
  }

  /** The units values and thresholds are in. */
  public enum Unit {
    COUNT("count"), PERCENT("%"), MILLIS("ms"), SCORE("score");

    private final String symbol;

    Unit(String symbol) {
      this.symbol = symbol;
    }

    /** As shown to users: {@code "count"}, {@code "%"}, {@code "ms"}, {@code "score"}. */
    public String symbol() {
      return symbol;
    }
  }

  /**
   * A numeric option of a rule kind: its name, the value used when a rule does not set it, the inclusive
   * range a set value must lie in, and whether it must be a whole number.
   */
  public record Option(String name, double defaultValue, double min, double max, boolean integer,
      String description) {
    static final Option MIN_TRAFFIC = new Option("minTraffic", 50, 0, Integer.MAX_VALUE, true,
        "The fewest requests in the window for a verdict; below it the rule does not fire");
    static final Option BASELINE_DAYS = new Option("days", 7, 1, 28, true,
        "How many previous days, at the same time of day, form the baseline");

    /** Whether {@code value} is allowed: finite, in {@code min..max}, whole if {@link #integer}. */
    public boolean accepts(double value) {
      return Double.isFinite(value) && value >= min && value <= max && (!integer || value == Math.rint(value));
    }

    /** What {@link #accepts} allows, in words: {@code "1..1440, a whole number"}. */
    public String range() {
      return fmt(min) + ".." + fmt(max) + (integer ? ", a whole number" : "");
    }
  }

  private final String displayName;
  private final Unit unit;
  private final TargetKind target;
  private final String description;
  private final List<Option> options;

  RuleKind(String displayName, Unit unit, TargetKind target, String description, Option... options) {
    this.displayName = displayName;
    this.unit = unit;
    this.target = target;
    this.description = description;
    this.options = List.of(options);
  }

  /** Pinpoint's name for the checker, e.g. {@code "ERROR RATE"}. */
  public String displayName() {
    return displayName;
  }

  /** The unit of the value and threshold. */
  public Unit unit() {
    return unit;
  }

  /** The unit as shown to users ({@code "count"}, {@code "%"}, {@code "ms"}, {@code "score"}). */
  public String unitSymbol() {
    return unit.symbol();
  }

  /** What the rule's target names. */
  public TargetKind target() {
    return target;
  }

  /** Whether a rule of this kind must have a target (every kind whose target is not {@code NONE}). */
  public boolean targetRequired() {
    return target != TargetKind.NONE;
  }

  /** Which side of the threshold fires: {@link FiresWhen#BELOW} for {@link #APDEX} only. */
  public FiresWhen firesWhen() {
    return this == APDEX ? FiresWhen.BELOW : FiresWhen.ABOVE;
  }

  /** Whether {@code value} breaches {@code threshold} for this kind ({@code >=}, or {@code <=} for APDEX). */
  public boolean fires(double value, double threshold) {
    return firesWhen() == FiresWhen.ABOVE ? value >= threshold : value <= threshold;
  }

  /** One sentence saying what the value is. */
  public String description() {
    return description;
  }

  /** The options a rule of this kind may set, in display order. */
  public List<Option> options() {
    return options;
  }

  /** The option with this name, or null when this kind has none such. */
  public @Nullable Option option(String name) {
    for (Option o : options) {
      if (o.name().equals(name)) {
        return o;
      }
    }
    return null;
  }

  /** Whether the kind is one of the anomaly kinds (threshold = sensitivity). */
  public boolean anomaly() {
    return name().startsWith("ANOMALY_");
  }

  /**
   * The smallest threshold a rule may have, or the bound it must exceed when {@link #minThresholdExclusive}:
   * 1 for counts and anomaly sensitivities, 0 (exclusive) for rates and times, 0 for Apdex.
   */
  public double minThreshold() {
    return anomaly() || unit == Unit.COUNT ? 1 : 0;
  }

  /** Whether the threshold must be above {@link #minThreshold()} rather than at least it: rates and times. */
  public boolean minThresholdExclusive() {
    return !anomaly() && (unit == Unit.PERCENT || unit == Unit.MILLIS);
  }

  /** Whether a rule of this kind may have {@code threshold} (finite, within {@link #thresholdRange()}). */
  public boolean acceptsThreshold(double threshold) {
    return Double.isFinite(threshold) && threshold <= maxThreshold()
        && (minThresholdExclusive() ? threshold > minThreshold() : threshold >= minThreshold());
  }

  /** The largest threshold a rule may have ({@link Double#MAX_VALUE} for counts and times). */
  public double maxThreshold() {
    if (anomaly()) {
      return 100;
    }
    return switch (unit) {
      case PERCENT -> 100;
      case SCORE -> 1;
      default -> Double.MAX_VALUE;
    };
  }

  /** The threshold range in words, for messages: {@code "> 0 and <= 100"}, {@code ">= 1"}, {@code "0..1"}. */
  public String thresholdRange() {
    String min = (minThresholdExclusive() ? "> " : ">= ") + fmt(minThreshold());
    if (maxThreshold() == Double.MAX_VALUE) {
      return min;
    }
    return minThresholdExclusive() ? min + " and <= " + fmt(maxThreshold())
        : fmt(minThreshold()) + ".." + fmt(maxThreshold());
  }

  static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  /**
   * The kind with this enum name.
   *
   * @throws IllegalArgumentException naming the field {@code kind} and listing the kinds
   */
  public static RuleKind parse(@Nullable String name) {
    if (name != null) {
      for (RuleKind k : values()) {
        if (k.name().equals(name)) {
          return k;
        }
      }
    }
    throw new IllegalArgumentException("kind: " + (name == null ? "null" : "\"" + name + "\"")
        + " (expected one of " + List.of(values()) + ")");
  }
}
