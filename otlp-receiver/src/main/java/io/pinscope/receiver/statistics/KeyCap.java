package io.pinscope.receiver.statistics;

import io.pinscope.servermap.StatisticsAccumulator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Bounds the cardinality of a per-application statistic (URI routes, SQL statements): each application keeps
 * the first {@code maxKeys} distinct keys it shows, every later key is folded into {@code other} and its calls
 * counted. At most {@link StatisticsAggregator#MAX_REMEMBERED_APPLICATIONS} applications are tracked; the keys
 * of any further application are all folded. Memory: at most applications × keys keys. Not thread-safe.
 *
 * @param <K> the key kept per application (a route; a database and statement)
 */
final class KeyCap<K> implements StatisticsAccumulator.Admission<K> {
  private final int maxKeys;
  private final Function<K, String> application;
  private final UnaryOperator<K> other;
  private final Map<String, Set<K>> keys = new HashMap<>();
  private long folded;

  /** {@code application} names a key's application, {@code other} gives the key it is folded into. */
  KeyCap(int maxKeys, Function<K, String> application, UnaryOperator<K> other) {
    this.maxKeys = maxKeys;
    this.application = application;
    this.other = other;
  }

  /**
   * {@code key} when its application may keep it, else {@code other} of it ({@code calls} counted as folded).
   * {@code other} is only called then, so most calls allocate nothing.
   */
  @Override
  public K admit(K key, long calls) {
    String app = application.apply(key);
    Set<K> known = keys.get(app);
    if (known == null && keys.size() < StatisticsAggregator.MAX_REMEMBERED_APPLICATIONS) {
      known = new HashSet<>();
      keys.put(app, known);
    }
    if (known != null && (known.contains(key) || (known.size() < maxKeys && known.add(key)))) {
      return key;
    }
    folded += calls;
    return other.apply(key);
  }

  /** Calls folded into {@code other} so far. */
  long folded() {
    return folded;
  }
}
