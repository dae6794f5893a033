package io.pinscope.query;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.AgentInfo;
import io.pinscope.model.MetricPoint;
import io.pinscope.storage.ApplicationRollups;
import io.pinscope.storage.ApplicationRollups.Hour;
import io.pinscope.storage.Storage;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Makes the application roll-ups ({@link ApplicationRollups}) the application inspector reads for its whole
 * hours in one-hour buckets: each completed hour of an application whose agents seen in it are all rolled up
 * ({@link io.pinscope.storage.MetricRollups}; an agent without any metric point before the hour's end counts as
 * rolled up) is computed by the inspector's own fold over that hour and stored. Hours are done in order from the
 * application's progress (the first time, from the hour of its agents' oldest metric point or first sighting):
 * the first hour not ready stops the run, and is done by a later run. Not thread-safe: one background task runs it.
 */
public final class ApplicationRollup {
  private static final long HOUR = 3_600_000L;
  /** Hours written per write: the progress is saved this often. */
  private static final int HOURS_PER_WRITE = 24;

  private final Storage storage;
  private final MapQueries maps;
  private final InspectorQueries inspector;

  /** Over {@code storage}; {@code clock}'s now bounds the rates of the hours computed (all completed). */
  public ApplicationRollup(Storage storage, Clock clock) {
    this.storage = requireNonNull(storage, "storage");
    this.maps = new MapQueries(storage);
    this.inspector = new InspectorQueries(storage, maps, requireNonNull(clock, "clock"));
  }

  /**
   * Rolls up {@code application}'s hours ending at or before {@code untilMillis} that are ready and not done
   * yet. Writing an hour again rewrites the same answer.
   *
   * @return the number of hours done (those without agents included)
   */
  public int rollUp(String application, long untilMillis) {
    long end = Math.floorDiv(untilMillis, HOUR) * HOUR;
    ApplicationRollups rollups = storage.applicationRollups();
    long from = rollups.rolledUpUntil(application);
    if (from == 0) {
      from = oldest(application, end);
      if (from == Long.MAX_VALUE) {
        return 0;
      }
    }
    Map<String, Long> rolledUntil = new HashMap<>(); // per agent, read once a run
    SortedMap<Long, Hour> hours = new TreeMap<>();
    long done = from;
    for (long h = from; h < end; h += HOUR) {
      List<AgentInfo> agents = maps.agentsSeen(application, new Params.Range(h, h + HOUR));
      long hourEnd = h + HOUR;
      if (!agents.stream().allMatch(a -> rolledUntil.computeIfAbsent(a.agentId(), this::rolledUpUntil) >= hourEnd
          || storage.metrics().read(a.agentId(), 0, hourEnd, 1).isEmpty())) {
        break; // an agent not rolled up yet: this hour and the next stay live until a later run
      }
      if (!agents.isEmpty()) {
        Hour hour = inspector.hour(application, h, agents);
        if (!hour.series().isEmpty() || !hour.panels().isEmpty()) {
          hours.put(h, hour);
        }
      }
      done = hourEnd;
      if (hours.size() >= HOURS_PER_WRITE) {
        rollups.write(application, hours, done);
        hours.clear();
      }
    }
    if (done > from && (!hours.isEmpty() || done > rollups.rolledUpUntil(application))) {
      rollups.write(application, hours, done);
    }
    return (int) ((done - from) / HOUR);
  }

  private long rolledUpUntil(String agentId) {
    return storage.metricRollups().rolledUpUntil(agentId);
  }

  /** The hour of the application's agents' oldest metric point or first sighting before {@code end}. */
  private long oldest(String application, long end) {
    long oldest = Long.MAX_VALUE;
    for (AgentInfo a : maps.agentsSeen(application, null)) {
      List<MetricPoint> first = storage.metrics().read(a.agentId(), 0, end, 1);
      if (!first.isEmpty()) {
        oldest = Math.min(oldest, first.get(0).epochMillis());
      }
      if (a.firstSeenMillis() < end) {
        oldest = Math.min(oldest, a.firstSeenMillis());
      }
    }
    return oldest == Long.MAX_VALUE ? oldest : Math.floorDiv(oldest, HOUR) * HOUR;
  }
}
