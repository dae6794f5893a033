package io.pinscope.storage;

import io.pinscope.model.Attributes;
import java.util.Comparator;

/** A metric series of one agent: name and attributes, ordered as {@link AgentMetrics#buckets} orders them. */
record MetricSeries(String name, Attributes attributes) {
  static final Comparator<MetricSeries> ORDER = Comparator.comparing(MetricSeries::name)
      .thenComparing(s -> s.attributes().toString());
}
