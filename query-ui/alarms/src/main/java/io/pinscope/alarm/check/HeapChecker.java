package io.pinscope.alarm.check;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.storage.AgentMetrics;
import io.pinscope.storage.ApplicationRegistry;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * HEAP USAGE RATE: per agent, the heap used in percent of the heap limit — the means over the window of
 * {@code jvm.memory.used} and {@code jvm.memory.limit} with {@code jvm.memory.type = heap}, each summed over
 * the heap pools (pools without a limit add their use only, as the inspector's heap panel shows them) — and the
 * worst agent's value. Agents without both metrics (other runtimes) are left out; none left: no value.
 */
final class HeapChecker implements Checker {
  static final String USED = "jvm.memory.used";
  static final String LIMIT = "jvm.memory.limit";
  private static final String TYPE = "jvm.memory.type";
  private static final double MIB = 1024.0 * 1024.0;

  private final ApplicationRegistry registry;
  private final AgentMetrics metrics;

  HeapChecker(ApplicationRegistry registry, AgentMetrics metrics) {
    this.registry = requireNonNull(registry, "registry");
    this.metrics = requireNonNull(metrics, "metrics");
  }

  @Override
  public Check check(AlarmRule rule, long fromMillis, long toMillis) {
    @Nullable String worst = null;
    double worstRate = 0;
    double worstUsed = 0;
    double worstLimit = 0;
    int agents = 0;
    for (AgentBuckets a : AgentBuckets.read(registry, metrics, rule.application(), fromMillis, toMillis)) {
      Double used = a.meanOf(AgentBuckets.series(USED, TYPE, "heap"));
      Double limit = a.meanOf(AgentBuckets.series(LIMIT, TYPE, "heap"));
      if (used == null || limit == null || limit <= 0) {
        continue;
      }
      agents++;
      double rate = 100 * used / limit;
      if (worst == null || rate > worstRate) {
        worst = a.agentId();
        worstRate = rate;
        worstUsed = used;
        worstLimit = limit;
      }
    }
    if (worst == null) {
      return Check.noData(rule, "no heap metrics (" + USED + ", " + LIMIT + ") from the agents in the window");
    }
    return Check.measured(rule, worstRate, String.format(Locale.ROOT, "agent %s: %.1f of %.1f MiB; %d agent%s",
        worst, worstUsed / MIB, worstLimit / MIB, agents, agents == 1 ? "" : "s"));
  }
}
