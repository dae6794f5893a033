package io.pinscope.alarm.check;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.storage.AgentMetrics;
import io.pinscope.storage.ApplicationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * JVM CPU USAGE RATE: per agent, the mean over the window of the gauge {@code jvm.cpu.recent_utilization}
 * (0..1) in percent, and the worst agent's value. Agents without it are left out; none left: no value.
 */
final class CpuChecker implements Checker {
  static final String UTILIZATION = "jvm.cpu.recent_utilization";

  private final ApplicationRegistry registry;
  private final AgentMetrics metrics;

  CpuChecker(ApplicationRegistry registry, AgentMetrics metrics) {
    this.registry = requireNonNull(registry, "registry");
    this.metrics = requireNonNull(metrics, "metrics");
  }

  @Override
  public Check check(AlarmRule rule, long fromMillis, long toMillis) {
    @Nullable String worst = null;
    double worstRate = 0;
    int agents = 0;
    for (AgentBuckets a : AgentBuckets.read(registry, metrics, rule.application(), fromMillis, toMillis)) {
      Double utilization = a.meanOf(AgentBuckets.series(UTILIZATION, null, null));
      if (utilization == null) {
        continue;
      }
      agents++;
      if (worst == null || 100 * utilization > worstRate) {
        worst = a.agentId();
        worstRate = 100 * utilization;
      }
    }
    if (worst == null) {
      return Check.noData(rule, "no " + UTILIZATION + " from the agents in the window");
    }
    return Check.measured(rule, worstRate, "agent " + worst + "; " + agents + " agent" + (agents == 1 ? "" : "s"));
  }
}
