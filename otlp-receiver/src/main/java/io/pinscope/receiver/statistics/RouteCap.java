package io.pinscope.receiver.statistics;

import io.pinscope.model.UriRoutes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Bounds the URI statistics' cardinality: each application keeps the first {@code maxRoutes} distinct routes it
 * shows, every later route is folded into {@link UriRoutes#OTHER} and counted. At most
 * {@link StatisticsAggregator#MAX_REMEMBERED_APPLICATIONS} applications are tracked; the routes of any
 * further application are all folded. Memory: at most applications × routes strings. Not thread-safe.
 */
final class RouteCap {
  private final int maxRoutes;
  private final Map<String, Set<String>> routes = new HashMap<>();
  private long folded;

  RouteCap(int maxRoutes) {
    this.maxRoutes = maxRoutes;
  }

  /** {@code route} when {@code application} may keep it, else {@link UriRoutes#OTHER} (counted). */
  String admit(String application, String route) {
    Set<String> known = routes.get(application);
    if (known == null && routes.size() < StatisticsAggregator.MAX_REMEMBERED_APPLICATIONS) {
      known = new HashSet<>();
      routes.put(application, known);
    }
    if (known != null && (known.contains(route) || (known.size() < maxRoutes && known.add(route)))) {
      return route;
    }
    folded++;
    return UriRoutes.OTHER;
  }

  /** Spans folded into {@link UriRoutes#OTHER} so far. */
  long folded() {
    return folded;
  }
}
