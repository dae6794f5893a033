package io.pinscope.query.inspector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One application-level series being folded across agents, value by value: per bucket the total, count,
 * minimum and maximum of the agents' values and the agents holding the minimum and the maximum. Given the
 * agents in id order it gives the points {@link AcrossAgents#of(SortedMap)} gives of the same values (the same
 * sums in the same order; ties to the first, the lower id), without a map per bucket.
 *
 * <p>Buckets on the grid ({@code first + i * bucketMillis}, {@code 0 <= i < slots}) are kept in an array; a time
 * off it (not expected, kept all the same) in a sorted map. Not thread-safe.
 */
public final class AcrossSeries {
  private final long first;
  private final long bucketMillis;
  private final Across[] grid;
  private @Nullable SortedMap<Long, Across> offGrid;

  /** An empty series on the grid of {@code slots} buckets of {@code bucketMillis} (> 0) from {@code first}. */
  public AcrossSeries(long first, long bucketMillis, int slots) {
    if (bucketMillis <= 0 || slots < 0) {
      throw new IllegalArgumentException("bucketMillis, slots: " + bucketMillis + ", " + slots
          + " (expected: > 0, >= 0)");
    }
    this.first = first;
    this.bucketMillis = bucketMillis;
    this.grid = new Across[slots];
  }

  /** Adds {@code agentId}'s value of the bucket starting at {@code time}; agents must come in id order. */
  public void add(long time, String agentId, double value) {
    at(time).add(agentId, value);
  }

  /**
   * Sets the bucket at {@code point.time()} to {@code point}, folded before (an application roll-up); no value
   * is added to that bucket after.
   */
  public void put(AcrossAgents point) {
    at(point.time()).done = point;
  }

  private Across at(long time) {
    long offset = time - first;
    Across a;
    if (offset >= 0 && offset % bucketMillis == 0 && offset / bucketMillis < grid.length) {
      int i = (int) (offset / bucketMillis);
      a = grid[i];
      if (a == null) {
        a = grid[i] = new Across();
      }
    } else {
      if (offGrid == null) {
        offGrid = new TreeMap<>();
      }
      a = offGrid.computeIfAbsent(time, t -> new Across());
    }
    return a;
  }

  /** The points, ordered by time; buckets without a value left out. */
  public List<AcrossAgents> points() {
    List<AcrossAgents> out = new ArrayList<>();
    if (offGrid == null) {
      for (int i = 0; i < grid.length; i++) {
        if (grid[i] != null) {
          out.add(grid[i].toPoint(first + i * bucketMillis));
        }
      }
      return out;
    }
    SortedMap<Long, Across> byTime = new TreeMap<>(offGrid);
    for (int i = 0; i < grid.length; i++) {
      if (grid[i] != null) {
        byTime.put(first + i * bucketMillis, grid[i]);
      }
    }
    for (Map.Entry<Long, Across> e : byTime.entrySet()) {
      out.add(e.getValue().toPoint(e.getKey()));
    }
    return out;
  }

  /** One bucket's values so far. */
  private static final class Across {
    private double total;
    private int count;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private String minAgent = "";
    private String maxAgent = "";
    private @Nullable AcrossAgents done;

    void add(String agentId, double v) {
      total += v;
      count++;
      if (v < min) {
        min = v;
        minAgent = agentId;
      }
      if (v > max) {
        max = v;
        maxAgent = agentId;
      }
    }

    AcrossAgents toPoint(long time) {
      return done != null ? done : new AcrossAgents(time, total / count, min, max, minAgent, maxAgent);
    }
  }
}
