package io.pinscope.query.inspector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * One bucket of an application-level series: the average, minimum and maximum of its agents' values, and the
 * agents holding the minimum and the maximum (ties go to the lower agent id).
 */
public record AcrossAgents(long time, double avg, double min, double max, String minAgentId, String maxAgentId) {
  /** The point of {@code byAgent} (agent id → value, at least one). */
  public static AcrossAgents of(long time, SortedMap<String, Double> byAgent) {
    if (byAgent.isEmpty()) {
      throw new IllegalArgumentException("byAgent: {} (expected: at least one agent)");
    }
    double total = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    String minAgent = "";
    String maxAgent = "";
    for (Map.Entry<String, Double> e : byAgent.entrySet()) {
      double v = e.getValue();
      total += v;
      if (v < min) {
        min = v;
        minAgent = e.getKey();
      }
      if (v > max) {
        max = v;
        maxAgent = e.getKey();
      }
    }
    return new AcrossAgents(time, total / byAgent.size(), min, max, minAgent, maxAgent);
  }

  /** The points of per-agent values by time ({@code time → agent → value}), ordered by time. */
  public static List<AcrossAgents> of(SortedMap<Long, ? extends SortedMap<String, Double>> byTime) {
    List<AcrossAgents> out = new ArrayList<>(byTime.size());
    byTime.forEach((time, byAgent) -> out.add(of(time, byAgent)));
    return out;
  }
}
