package io.pinscope.model.alarm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An alarm rule: what to watch ({@code kind} over {@code application}, about {@code target} when the kind
 * has one), when it fires ({@code threshold}, in the kind's unit; see {@link RuleKind#fires}) and whom to
 * tell.
 *
 * <p>Validation (messages name the field, the bad value and what was expected, e.g. {@code "threshold: -5.0
 * (expected: 0..100 for ERROR_RATE)"}): {@code id} 1-64 letters, digits, '.', '_' or '-'; {@code name} and
 * {@code application} non-blank; {@code threshold} finite and in the kind's range; {@code target} required
 * when the kind {@linkplain RuleKind#targetRequired() needs one} and absent otherwise (a blank target counts
 * as absent); {@code options} only the kind's, each in its range; channel targets an http(s) URL for
 * WEBHOOK and SLACK, an address for EMAIL. A rule with no channels is allowed (its state and history are
 * still kept).
 *
 * @param options the options set on this rule (those left out take the kind's defaults, see
 *     {@link #option(String)}), ordered by name
 * @param escalation whom to tell when the alarm stays unacknowledged, or null
 * @param enabled false keeps the rule but stops evaluating it
 */
public record AlarmRule(String id, String name, String application, RuleKind kind, double threshold,
    @Nullable String target, Map<String, Double> options, List<AlarmChannel> channels,
    @Nullable Escalation escalation, boolean enabled) {
  public static final int MAX_NAME = 200;
  public static final int MAX_APPLICATION = 255;
  public static final int MAX_TARGET = 4000;

  public AlarmRule {
    Checks.id("id", id);
    Checks.text("name", name, MAX_NAME);
    Checks.text("application", application, MAX_APPLICATION);
    if (kind == null) {
      RuleKind.parse(null);
    }
    if (!kind.acceptsThreshold(threshold)) {
      throw new IllegalArgumentException("threshold: " + threshold + " (expected: " + kind.thresholdRange()
          + " for " + kind + ")");
    }
    if (target != null && target.isBlank()) {
      target = null;
    }
    if (kind.targetRequired() && target == null) {
      throw new IllegalArgumentException(
          "target: null (expected: " + targetMeaning(kind.target()) + " for " + kind + ")");
    }
    if (!kind.targetRequired() && target != null) {
      throw new IllegalArgumentException(
          "target: " + Checks.quote(target) + " (expected: none for " + kind + ")");
    }
    if (target != null && target.length() > MAX_TARGET) {
      throw new IllegalArgumentException("target: a text of " + target.length()
          + " characters (expected: at most " + MAX_TARGET + ")");
    }
    options = checkOptions(kind, options);
    channels = Checks.channels("channels", channels);
  }

  private static String targetMeaning(RuleKind.TargetKind t) {
    return switch (t) {
      case NONE -> "none";
      case CALLEE -> "the callee's name";
      case ROUTE -> "the route";
      case STATEMENT -> "the normalised SQL statement";
    };
  }

  private static Map<String, Double> checkOptions(RuleKind kind, @Nullable Map<String, Double> options) {
    if (options == null) {
      return Map.of();
    }
    Map<String, Double> sorted = new TreeMap<>();
    for (Map.Entry<String, Double> e : options.entrySet()) {
      String name = e.getKey();
      RuleKind.Option o = name == null ? null : kind.option(name);
      if (o == null) {
        List<String> names = new ArrayList<>();
        kind.options().forEach(x -> names.add(x.name()));
        throw new IllegalArgumentException("options: " + Checks.quote(name) + " (expected: "
            + (names.isEmpty() ? "no options" : "one of " + names) + " for " + kind + ")");
      }
      Double v = e.getValue();
      if (v == null || !o.accepts(v)) {
        throw new IllegalArgumentException("options." + name + ": " + v + " (expected: " + o.range() + ")");
      }
      sorted.put(name, v);
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
  }

  /** The option's value on this rule, or the kind's default when not set. */
  public double option(String name) {
    Double v = options.get(name);
    if (v != null) {
      return v;
    }
    RuleKind.Option o = kind.option(name);
    if (o == null) {
      throw new IllegalArgumentException("option: " + Checks.quote(name) + " (expected: one of "
          + kind.options() + " for " + kind + ")");
    }
    return o.defaultValue();
  }

  /**
   * Whether {@code other} watches the same thing as this rule: same application, kind and target (threshold,
   * options, names, channels, escalation and {@code enabled} aside). A firing streak belongs to what it was found
   * on; a new threshold or option only changes how the next evaluation judges it (and so whether it recovers).
   */
  public boolean sameSubject(AlarmRule other) {
    return application.equals(other.application) && kind == other.kind && Objects.equals(target, other.target);
  }

  /**
   * Whether {@code other} is judged as this rule: {@link #sameSubject} with the same threshold and options. A
   * check made for one is about the other.
   */
  public boolean sameCondition(AlarmRule other) {
    return sameSubject(other) && Double.compare(threshold, other.threshold) == 0 && options.equals(other.options);
  }

  /** A builder; {@link Builder#build()} gives a random id when none was set and enables the rule. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this rule's values. */
  public Builder toBuilder() {
    Builder b = new Builder().id(id).name(name).application(application).kind(kind).threshold(threshold)
        .target(target).channels(channels).escalation(escalation).enabled(enabled);
    b.options.putAll(options);
    return b;
  }

  /** Builds {@link AlarmRule}s; not thread-safe. Validation happens in {@link #build()}. */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable String name;
    private @Nullable String application;
    private @Nullable RuleKind kind;
    private double threshold;
    private @Nullable String target;
    private final Map<String, Double> options = new LinkedHashMap<>();
    private List<AlarmChannel> channels = List.of();
    private @Nullable Escalation escalation;
    private boolean enabled = true;

    private Builder() {}

    public Builder id(@Nullable String id) {
      this.id = id;
      return this;
    }

    public Builder name(@Nullable String name) {
      this.name = name;
      return this;
    }

    public Builder application(@Nullable String application) {
      this.application = application;
      return this;
    }

    public Builder kind(@Nullable RuleKind kind) {
      this.kind = kind;
      return this;
    }

    public Builder threshold(double threshold) {
      this.threshold = threshold;
      return this;
    }

    public Builder target(@Nullable String target) {
      this.target = target;
      return this;
    }

    /** Sets one option (replacing an earlier value). */
    public Builder option(String name, double value) {
      options.put(name, value);
      return this;
    }

    /** Replaces every option. */
    public Builder options(Map<String, Double> options) {
      this.options.clear();
      this.options.putAll(options);
      return this;
    }

    public Builder channels(List<AlarmChannel> channels) {
      this.channels = channels;
      return this;
    }

    public Builder channel(AlarmChannel channel) {
      List<AlarmChannel> more = new ArrayList<>(channels);
      more.add(channel);
      this.channels = more;
      return this;
    }

    public Builder escalation(@Nullable Escalation escalation) {
      this.escalation = escalation;
      return this;
    }

    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** The rule; a random UUID as id when none was set. */
    public AlarmRule build() {
      // Missing values reach the constructor as null, which reports them by field name.
      return new AlarmRule(id == null ? UUID.randomUUID().toString() : id, name, application, kind,
          threshold, target, options, channels, escalation, enabled);
    }
  }
}
