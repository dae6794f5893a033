package io.pinscope.alarm.check;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.AgentInfo;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.storage.ApplicationRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * AGENT DOWN: how many of the application's instances went missing — agents that went silent, less the agents
 * that appeared to stand for them. Judged by count, not by host: in containers every instance, and every
 * restart, has a new agent id and host name.
 *
 * <ul>
 *   <li><b>Silent</b>: last seen at least {@code options.minutes} before the window's end (never less than
 *       {@link #MIN_SILENT_MILLIS}: the receiver refreshes last-seen times at most a minute late, and agents
 *       export about once a minute, so a live agent can look two minutes quiet), and within
 *       {@link #FORGET_MILLIS} of it (an agent silent longer is forgotten).
 *   <li><b>Newcomers</b>: agents still sending that were first seen no earlier than {@link #SURGE_MILLIS}
 *       before the earliest silent agent's last data — the new instances of a rolling deploy (started a little
 *       before the old ones stop) or a restart. A newcomer that fell silent itself (a crash loop) replaces
 *       nothing.
 *   <li>The value is {@code max(0, silent − newcomers)}: a rolling deploy or a restart under a new id is quiet;
 *       an instance that died and was not replaced counts. A deliberate scale-down (6 instances to 4) cannot be
 *       told from two instances dying: it counts 2 until acknowledged or until the agents are forgotten — as
 *       Pinpoint's AGENT DOWN does.
 * </ul>
 */
final class AgentDownChecker implements Checker {
  /** Agents silent for longer than this no longer count as down. */
  static final long FORGET_MILLIS = 24 * 3_600_000L;
  /** The shortest silence that counts: a live agent's last-seen time may lag its data this much and more. */
  static final long MIN_SILENT_MILLIS = AgentBuckets.SEEN_SLACK_MILLIS + 60_000L;
  /** How long before an old agent's last data its replacement may have started (a rolling deploy's surge). */
  static final long SURGE_MILLIS = 15 * 60_000L;
  /** The most agents a message names. */
  private static final int MAX_NAMED = 5;

  private final ApplicationRegistry registry;

  AgentDownChecker(ApplicationRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
  }

  @Override
  public Check check(AlarmRule rule, long fromMillis, long toMillis) {
    long silentMillis = Math.max(MIN_SILENT_MILLIS, Math.round(rule.option("minutes") * 60_000));
    List<AgentInfo> agents = registry.agents(rule.application());
    List<AgentInfo> silent = new ArrayList<>();
    long earliestSilence = Long.MAX_VALUE;
    for (AgentInfo a : agents) {
      long last = a.lastSeenMillis();
      if (last <= toMillis - silentMillis && last > toMillis - FORGET_MILLIS) {
        silent.add(a);
        earliestSilence = Math.min(earliestSilence, last);
      }
    }
    int newcomers = 0;
    for (AgentInfo a : agents) {
      if (!silent.isEmpty() && a.firstSeenMillis() >= earliestSilence - SURGE_MILLIS
          && a.lastSeenMillis() > toMillis - silentMillis) {
        newcomers++;
      }
    }
    int down = Math.max(0, silent.size() - newcomers);
    List<String> named = new ArrayList<>();
    for (AgentInfo a : silent.subList(0, Math.min(MAX_NAMED, silent.size()))) {
      named.add(a.agentId() + " last seen " + (toMillis - a.lastSeenMillis()) / 60_000 + " min ago");
    }
    String detail = silent.isEmpty() ? agents.size() + " agents, every one sending"
        : String.join(", ", named) + (silent.size() > MAX_NAMED ? " and " + (silent.size() - MAX_NAMED) + " more" : "")
            + (newcomers == 0 ? "" : "; " + newcomers + " started since") + " of " + agents.size() + " agents";
    return Check.measured(rule, down, detail);
  }
}
