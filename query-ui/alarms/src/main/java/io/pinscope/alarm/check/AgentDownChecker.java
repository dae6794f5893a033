package io.pinscope.alarm.check;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.AgentInfo;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.storage.ApplicationRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * AGENT DOWN: how many agents of the application went silent — last seen (the receiver refreshes an agent's
 * last-seen time with any data it sends, at most a minute late) at least {@code options.minutes} before the
 * window's end, and within {@link #FORGET_MILLIS} of it — and were not replaced: an agent on the same host that
 * was first seen after the silent one's last data stands for it (an instance restarted under a new id). An
 * agent silent for longer than {@link #FORGET_MILLIS} is forgotten. The value is 0 when every agent sends.
 */
final class AgentDownChecker implements Checker {
  /** Agents silent for longer than this no longer count as down. */
  static final long FORGET_MILLIS = 24 * 3_600_000L;
  /** The most agents a message names. */
  private static final int MAX_NAMED = 5;

  private final ApplicationRegistry registry;

  AgentDownChecker(ApplicationRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
  }

  @Override
  public Check check(AlarmRule rule, long fromMillis, long toMillis) {
    long silentMillis = Math.round(rule.option("minutes") * 60_000);
    List<AgentInfo> agents = registry.agents(rule.application());
    List<String> down = new ArrayList<>();
    for (AgentInfo a : agents) {
      long last = a.lastSeenMillis();
      if (last <= toMillis - silentMillis && last > toMillis - FORGET_MILLIS && !replaced(a, agents)) {
        long minutes = (toMillis - last) / 60_000;
        down.add(a.agentId() + " last seen " + minutes + " min ago");
      }
    }
    String detail = down.isEmpty() ? agents.size() + " agents, every one sending"
        : String.join(", ", down.subList(0, Math.min(MAX_NAMED, down.size())))
            + (down.size() > MAX_NAMED ? " and " + (down.size() - MAX_NAMED) + " more" : "")
            + " of " + agents.size() + " agents";
    return Check.measured(rule, down.size(), detail);
  }

  /** Whether another agent on {@code a}'s host started sending after {@code a} fell silent. */
  private static boolean replaced(AgentInfo a, List<AgentInfo> agents) {
    for (AgentInfo b : agents) {
      if (!b.agentId().equals(a.agentId()) && b.hostname().equals(a.hostname())
          && b.firstSeenMillis() > a.lastSeenMillis()) {
        return true;
      }
    }
    return false;
  }
}
