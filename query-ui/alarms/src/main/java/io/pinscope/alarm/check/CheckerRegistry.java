package io.pinscope.alarm.check;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.alarm.RuleKind;
import io.pinscope.storage.Storage;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Which checker evaluates each {@link RuleKind}. {@link #standard(Storage)} holds the built-in checkers of every
 * kind but the anomaly ones, which their module adds ({@code builder.add(RuleKind.ANOMALY_ERROR_RATE, ...)});
 * a kind without a checker fails its rules' evaluations with {@code "no checker for <KIND>"}. Immutable.
 */
public final class CheckerRegistry {
  private final Map<RuleKind, Checker> checkers;

  private CheckerRegistry(Map<RuleKind, Checker> checkers) {
    this.checkers = Collections.unmodifiableMap(new EnumMap<>(checkers));
  }

  /** A builder with no checker. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding the built-in checkers over {@code storage}: every kind but the ANOMALY_* ones. */
  public static Builder standard(Storage storage) {
    requireNonNull(storage, "storage");
    Builder b = builder();
    addAll(b, new ResponseChecker(ResponseSource.self(storage.statistics())), RuleKind.SLOW_COUNT,
        RuleKind.SLOW_RATE, RuleKind.ERROR_COUNT, RuleKind.ERROR_RATE, RuleKind.TOTAL_COUNT, RuleKind.APDEX,
        RuleKind.AVG_RESPONSE_TIME, RuleKind.P95_RESPONSE_TIME);
    addAll(b, new ResponseChecker(ResponseSource.callee(storage.statistics())), RuleKind.SLOW_COUNT_TO_CALLEE,
        RuleKind.SLOW_RATE_TO_CALLEE, RuleKind.ERROR_COUNT_TO_CALLEE, RuleKind.ERROR_RATE_TO_CALLEE,
        RuleKind.TOTAL_COUNT_TO_CALLEE);
    addAll(b, new ResponseChecker(ResponseSource.route(storage.statistics())), RuleKind.ROUTE_ERROR_RATE,
        RuleKind.ROUTE_AVG_RESPONSE_TIME);
    addAll(b, new ResponseChecker(ResponseSource.statement(storage.statistics())),
        RuleKind.STATEMENT_ERROR_RATE, RuleKind.STATEMENT_AVG_RESPONSE_TIME);
    b.add(RuleKind.HEAP_USAGE_RATE, new HeapChecker(storage.applications(), storage.metrics()));
    b.add(RuleKind.JVM_CPU_USAGE_RATE, new CpuChecker(storage.applications(), storage.metrics()));
    b.add(RuleKind.ACTIVE_REQUESTS, new ActiveRequestsChecker(storage.applications(), storage.metrics()));
    b.add(RuleKind.AGENT_DOWN, new AgentDownChecker(storage.applications()));
    return b;
  }

  private static void addAll(Builder b, Checker checker, RuleKind... kinds) {
    for (RuleKind k : kinds) {
      b.add(k, checker);
    }
  }

  /**
   * The checker of {@code kind}.
   *
   * @throws IllegalStateException {@code "no checker for <KIND>"} when none was added
   */
  public Checker checker(RuleKind kind) {
    Checker c = checkers.get(requireNonNull(kind, "kind"));
    if (c == null) {
      throw new IllegalStateException("no checker for " + kind);
    }
    return c;
  }

  /** The kinds that have a checker. */
  public Set<RuleKind> kinds() {
    return checkers.keySet();
  }

  /** Collects checkers; not thread-safe. */
  public static final class Builder {
    private final Map<RuleKind, Checker> checkers = new EnumMap<>(RuleKind.class);

    private Builder() {}

    /** Makes {@code checker} evaluate the rules of {@code kind}, replacing one added before. */
    public Builder add(RuleKind kind, Checker checker) {
      checkers.put(requireNonNull(kind, "kind"), requireNonNull(checker, "checker"));
      return this;
    }

    public CheckerRegistry build() {
      return new CheckerRegistry(checkers);
    }
  }
}
