package io.pinscope.model;

import static java.util.Objects.requireNonNull;

/**
 * A Pinpoint service type: its numeric code (Pinpoint's table), its name, and what kind of node it
 * makes on the server map. Obtain instances from {@link ServiceTypeRegistry}.
 */
public record ServiceType(int code, String name, NodeCategory category) {
  public ServiceType {
    requireNonNull(name, "name");
    requireNonNull(category, "category");
  }

  /** Caches use the FAST bands; every other type the NORMAL ones. */
  public HistogramSchema histogramSchema() {
    return category == NodeCategory.CACHE ? HistogramSchema.FAST : HistogramSchema.NORMAL;
  }

  /** Terminal types (databases, caches, queues) have no agent; map search stops at them. */
  public boolean isTerminal() {
    return category == NodeCategory.DATABASE || category == NodeCategory.CACHE
        || category == NodeCategory.QUEUE;
  }
}
