package io.pinscope.alarm.check;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.storage.AgentMetrics;
import io.pinscope.storage.ApplicationRegistry;

/**
 * ACTIVE REQUESTS: the requests in progress for longer than the slow bound — the {@code slow} and
 * {@code very_slow} bands of the gauge {@code pinpoint.active_requests} (Pinscope's Java extension) — in each
 * agent's latest export in the window, summed over the agents. No agent sent the gauge in the window: no value.
 */
final class ActiveRequestsChecker implements Checker {
  static final String GAUGE = "pinpoint.active_requests";
  private static final String BAND = "band";

  private final ApplicationRegistry registry;
  private final AgentMetrics metrics;

  ActiveRequestsChecker(ApplicationRegistry registry, AgentMetrics metrics) {
    this.registry = requireNonNull(registry, "registry");
    this.metrics = requireNonNull(metrics, "metrics");
  }

  @Override
  public Check check(AlarmRule rule, long fromMillis, long toMillis) {
    double slow = 0;
    double verySlow = 0;
    int agents = 0;
    for (AgentBuckets a : AgentBuckets.read(registry, metrics, rule.application(), fromMillis, toMillis)) {
      Double s = a.lastOf(AgentBuckets.series(GAUGE, BAND, "slow"));
      Double v = a.lastOf(AgentBuckets.series(GAUGE, BAND, "very_slow"));
      if (s == null && v == null) {
        continue;
      }
      agents++;
      slow += s == null ? 0 : s;
      verySlow += v == null ? 0 : v;
    }
    if (agents == 0) {
      return Check.noData(rule, "no " + GAUGE + " from the agents in the window");
    }
    return Check.measured(rule, slow + verySlow, Math.round(slow) + " slow, " + Math.round(verySlow)
        + " very slow over " + agents + " agent" + (agents == 1 ? "" : "s"));
  }
}
