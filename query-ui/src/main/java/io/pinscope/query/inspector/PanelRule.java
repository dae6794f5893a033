package io.pinscope.query.inspector;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.Attributes;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One curated panel as data: its fixed id (the UI relies on it), title, unit, the runtime it belongs to (null:
 * every runtime) and its series rules, listed in display order.
 */
public record PanelRule(String id, String title, String unit, @Nullable AgentRuntime runtime,
    List<SeriesRule> series) {
  public PanelRule {
    requireNonNull(id, "id");
    requireNonNull(title, "title");
    requireNonNull(unit, "unit");
    series = List.copyOf(series);
    if (series.isEmpty()) {
      throw new IllegalArgumentException("series of " + id + ": [] (expected: at least one rule)");
    }
  }

  /**
   * Where a panel series' values come from: the first of {@code sources} that has data in the range (so a
   * newer metric name wins over an older one sent beside it, never both), read by {@code fold}, times
   * {@code scale} (a unit change, e.g. 1000 for seconds to milliseconds).
   *
   * @param label the series label; with a source's {@code labelAttribute} the attribute's value is the label
   *     (one panel series per value) and this is ignored
   */
  public record SeriesRule(String label, Fold fold, double scale, List<Source> sources) {
    public SeriesRule {
      requireNonNull(label, "label");
      requireNonNull(fold, "fold");
      sources = List.copyOf(sources);
      if (sources.isEmpty()) {
        throw new IllegalArgumentException("sources of " + label + ": [] (expected: at least one)");
      }
    }
  }

  /**
   * A metric, the attribute values its series must have ({@code where}) and the attribute that labels the
   * panel series (null: the rule's label).
   */
  public record Source(String metric, Map<String, String> where, @Nullable String labelAttribute) {
    public Source {
      requireNonNull(metric, "metric");
      where = Map.copyOf(where);
    }

    /** Whether a metric series of this name with {@code attributes} feeds this source. */
    boolean matches(String name, Attributes attributes) {
      if (!metric.equals(name)) {
        return false;
      }
      for (Map.Entry<String, String> e : where.entrySet()) {
        if (attributes.get(e.getKey()) == null || !e.getValue().equals(attributes.get(e.getKey()).asText())) {
          return false;
        }
      }
      return true;
    }

    /** The panel series label of a matching metric series; {@code fallback} without a label attribute. */
    String label(Attributes attributes, String fallback) {
      if (labelAttribute == null) {
        return fallback;
      }
      var v = attributes.get(labelAttribute);
      return v == null ? "" : v.asText();
    }
  }
}
