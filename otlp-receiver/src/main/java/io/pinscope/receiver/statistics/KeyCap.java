package io.pinscope.receiver.statistics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Bounds the cardinality of a per-application statistic (URI routes, SQL statements): each application keeps
 * the first {@code maxKeys} distinct keys it shows, every later key is folded into {@code other} and counted.
 * At most {@link StatisticsAggregator#MAX_REMEMBERED_APPLICATIONS} applications are tracked; the keys of any
 * further application are all folded. Memory: at most applications × keys keys. Not thread-safe.
 *
 * @param <K> the key kept per application (a route; a database and statement)
 */
final class KeyCap<K> {
  private final int maxKeys;
  private final Map<String, Set<K>> keys = new HashMap<>();
  private long folded;

  KeyCap(int maxKeys) {
    this.maxKeys = maxKeys;
  }

  /**
   * {@code key} when {@code application} may keep it, else {@code other} of it (counted). {@code other} is
   * only called then, so most calls allocate nothing.
   */
  K admit(String application, K key, UnaryOperator<K> other) {
    Set<K> known = keys.get(application);
    if (known == null && keys.size() < StatisticsAggregator.MAX_REMEMBERED_APPLICATIONS) {
      known = new HashSet<>();
      keys.put(application, known);
    }
    if (known != null && (known.contains(key) || (known.size() < maxKeys && known.add(key)))) {
      return key;
    }
    folded++;
    return other.apply(key);
  }

  /** Spans folded into {@code other} so far. */
  long folded() {
    return folded;
  }
}
