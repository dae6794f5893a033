package io.pinscope.model;

import static java.util.Objects.requireNonNull;

/**
 * The key of a URI-statistics cell: one route ({@link UriRoutes}) of one application. Its histograms use the
 * {@link HistogramSchema#NORMAL} bands: routes are answered by applications, never by caches.
 */
public record UriKey(String applicationName, String route) {
  public UriKey {
    requireNonNull(applicationName, "applicationName");
    requireNonNull(route, "route");
  }
}
