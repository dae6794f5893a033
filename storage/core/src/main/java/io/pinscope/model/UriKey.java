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

  // Written out (the record's would go through method handles): the URI statistics hash and compare a key
  // for every entry span. The same semantics and the same hash value as the generated methods.
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof UriKey k && applicationName.equals(k.applicationName)
        && route.equals(k.route));
  }

  @Override
  public int hashCode() {
    return 31 * applicationName.hashCode() + route.hashCode();
  }
}
