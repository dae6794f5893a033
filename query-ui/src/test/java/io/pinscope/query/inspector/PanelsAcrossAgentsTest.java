package io.pinscope.query.inspector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The fold of panels agent by agent gives what {@link #combine} (the straightforward fold, below) gives of all the agents' panels:
 * the same panels, labels, points, sums, ties and agents holding the minimum and maximum, on and off the grid.
 */
class PanelsAcrossAgentsTest {
  static final long BUCKET = 3_600_000L;
  static final long FIRST = 1_700_000_000_000L / BUCKET * BUCKET;
  static final int SLOTS = 24;

  @Test
  void sameAsCombine_overRandomPanels() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      SortedMap<String, List<Panel>> byAgent = new TreeMap<>();
      int agents = 1 + random.nextInt(6);
      for (int a = 0; a < agents; a++) {
        byAgent.put("agent-" + (char) ('a' + random.nextInt(10)), panels(random));
      }
      PanelsAcrossAgents fold = new PanelsAcrossAgents(FIRST, BUCKET, SLOTS);
      byAgent.forEach(fold::add);

      assertThat(fold.panels()).isEqualTo(combine(byAgent));
    }
  }

  @Test
  void tiesGoToTheFirstAgentAdded() {
    AcrossSeries s = new AcrossSeries(FIRST, BUCKET, SLOTS);
    s.add(FIRST, "a", 5);
    s.add(FIRST, "b", 5);
    s.add(FIRST + BUCKET / 2, "b", 1); // off the grid: kept, in time order
    s.add(FIRST - BUCKET, "c", 2); // before the grid

    assertThat(s.points()).containsExactly(
        new AcrossAgents(FIRST - BUCKET, 2, 2, 2, "c", "c"),
        new AcrossAgents(FIRST, 5, 5, 5, "a", "a"),
        new AcrossAgents(FIRST + BUCKET / 2, 1, 1, 1, "b", "b"));
  }

  @Test
  void badGrid_isRejected() {
    assertThatThrownBy(() -> new AcrossSeries(FIRST, 0, SLOTS))
        .hasMessage("bucketMillis, slots: 0, 24 (expected: > 0, >= 0)");
  }

  private static List<Panel> panels(Random random) {
    List<Panel> out = new ArrayList<>();
    for (String id : List.of("tps", "heap", "cpu", "threads")) {
      if (random.nextInt(3) == 0) {
        continue;
      }
      List<Panel.Series> series = new ArrayList<>();
      for (String label : List.of("x", "y", "z")) {
        if (random.nextBoolean()) {
          SortedMap<Long, Double> points = new TreeMap<>();
          int n = random.nextInt(5);
          for (int i = 0; i < n; i++) {
            // Often off the grid or outside it (a slot before, after, half-way), values often tied.
            long time = random.nextInt(4) == 0 ? FIRST + (random.nextInt(SLOTS * 2 + 2) - 1) * BUCKET / 2
                : FIRST + random.nextInt(SLOTS + 2) * BUCKET;
            points.put(time, (double) random.nextInt(4) + (random.nextBoolean() ? 0.1 : 0.0));
          }
          series.add(new Panel.Series(label, points));
        }
      }
      out.add(new Panel(id, id + " title", "1", series));
    }
    return out;
  }

  /**
   * The reference: every agent's panels at once ({@code agentId → its panels}), panels and labels in the order
   * they are first met, going through the agents in the map's order.
   */
  static List<ApplicationPanel> combine(SortedMap<String, List<Panel>> byAgent) {
    Map<String, Panel> first = new LinkedHashMap<>();
    Map<String, Map<String, SortedMap<Long, SortedMap<String, Double>>>> values = new LinkedHashMap<>();
    byAgent.forEach((agentId, panels) -> {
      for (Panel p : panels) {
        first.putIfAbsent(p.id(), p);
        Map<String, SortedMap<Long, SortedMap<String, Double>>> byLabel =
            values.computeIfAbsent(p.id(), k -> new LinkedHashMap<>());
        for (Panel.Series s : p.series()) {
          SortedMap<Long, SortedMap<String, Double>> byTime = byLabel.computeIfAbsent(s.label(), k -> new TreeMap<>());
          s.points().forEach((time, v) -> byTime.computeIfAbsent(time, t -> new TreeMap<>()).put(agentId, v));
        }
      }
    });
    List<ApplicationPanel> out = new ArrayList<>();
    first.forEach((id, p) -> {
      List<ApplicationPanel.Series> series = new ArrayList<>();
      values.get(id).forEach((label, byTime) -> series.add(new ApplicationPanel.Series(label, AcrossAgents.of(byTime))));
      out.add(new ApplicationPanel(id, p.title(), p.unit(), series));
    });
    return out;
  }
}
