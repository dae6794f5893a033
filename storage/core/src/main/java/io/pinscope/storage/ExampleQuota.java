package io.pinscope.storage;

import io.pinscope.model.SlotExample;
import io.pinscope.model.TraceId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which example transactions a bounded read keeps, offered newest slot first: those of the wanted keys, each
 * trace once per key, at most {@code perKey} per key; {@link #full} once every wanted key has them, so the
 * read can stop before the older slots. Not thread-safe.
 */
final class ExampleQuota<K> {
  private final @Nullable Set<K> keys;
  private final int perKey;
  private final Map<K, Set<TraceId>> kept = new HashMap<>();
  private int fullKeys;

  private ExampleQuota(@Nullable Set<K> keys, int perKey) {
    this.keys = keys;
    this.perKey = perKey;
  }

  /** Keeps every example offered: never full. */
  static <K> ExampleQuota<K> unbounded() {
    return new ExampleQuota<>(null, Integer.MAX_VALUE);
  }

  /**
   * Keeps at most {@code perKey} distinct traces of each of {@code keys}.
   *
   * @throws IllegalArgumentException if {@code perKey < 1}
   */
  static <K> ExampleQuota<K> of(Set<K> keys, int perKey) {
    if (perKey < 1) {
      throw new IllegalArgumentException("perKey: " + perKey + " (expected: >= 1)");
    }
    return new ExampleQuota<>(Set.copyOf(keys), perKey);
  }

  /** Whether {@code e} (older than or as old as every example offered before) is kept. */
  boolean offer(SlotExample<K> e) {
    if (keys == null) {
      return true;
    }
    if (!keys.contains(e.key())) {
      return false;
    }
    Set<TraceId> traces = kept.computeIfAbsent(e.key(), k -> new HashSet<>());
    if (traces.size() >= perKey || !traces.add(e.traceId())) {
      return false;
    }
    if (traces.size() == perKey) {
      fullKeys++;
    }
    return true;
  }

  /** Whether every wanted key has its examples: older slots need not be read. */
  boolean full() {
    return keys != null && fullKeys == keys.size();
  }

  /** The examples of {@code examples} (slot ascending) this quota keeps, newest first offered; slot ascending. */
  List<SlotExample<K>> filter(List<SlotExample<K>> examples) {
    List<SlotExample<K>> out = new ArrayList<>();
    for (int i = examples.size() - 1; i >= 0 && !full(); i--) {
      if (offer(examples.get(i))) {
        out.add(examples.get(i));
      }
    }
    Collections.reverse(out);
    return out;
  }
}
