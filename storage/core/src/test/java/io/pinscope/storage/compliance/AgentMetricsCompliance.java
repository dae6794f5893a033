package io.pinscope.storage.compliance;

import static io.pinscope.TestObjects.TODAY_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.model.Attributes;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.MetricValue;
import io.pinscope.storage.AgentMetrics;
import io.pinscope.storage.Storage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AgentMetrics}: every metric type round-trips, time order, range bounds and limits. */
public abstract class AgentMetricsCompliance extends StorageCompliance {
  private static final long T = (TODAY_MILLIS + 7 * 3_600_000L) * 1_000_000L;

  static List<MetricPoint> everyType(String agent) {
    Attributes heap = Attributes.of("jvm.memory.type", "heap", "jvm.memory.pool.name", "G1 Eden Space");
    return List.of(
        new MetricPoint(agent, "jvm.memory.used", "By", MetricPoint.Kind.GAUGE, heap, T + 1, new MetricValue.Scalar(1.5e8)),
        new MetricPoint(agent, "jvm.memory.used", "By", MetricPoint.Kind.GAUGE, Attributes.of("jvm.memory.type", "non_heap"),
            T + 2, new MetricValue.Scalar(3e7)),
        new MetricPoint(agent, "jvm.class.loaded", "{class}", MetricPoint.Kind.SUM, Attributes.empty(), T + 3_000_000_000L,
            new MetricValue.Scalar(12)),
        new MetricPoint(agent, "http.server.request.duration", "s", MetricPoint.Kind.HISTOGRAM,
            Attributes.of("http.route", "/a"), T + 4_000_000_000L,
            new MetricValue.HistogramValue(6, 1.25, 0.01, 0.9, List.of(0.1, 0.5), List.of(3L, 2L, 1L))),
        new MetricPoint(agent, "rpc.duration", "ms", MetricPoint.Kind.EXPONENTIAL_HISTOGRAM, Attributes.empty(),
            T + 5_000_000_000L,
            new MetricValue.ExponentialHistogramValue(9, 42.5, 3, 1, -2, List.of(1L, 2L, 3L), 1, List.of(2L))));
  }

  @Test
  protected void roundTrip_everyMetricType_inTimeOrder() {
    Storage storage = open();
    List<MetricPoint> points = everyType("agent-m");
    storage.metrics().write(List.of(points.get(4), points.get(2), points.get(0), points.get(3), points.get(1)));

    List<MetricPoint> read = storage.metrics().read("agent-m", T / 1_000_000L, T / 1_000_000L + 10_000, 100);

    assertThat(read).hasSize(5).containsExactlyInAnyOrderElementsOf(points);
    assertThat(read).extracting(MetricPoint::epochMillis).isSorted();
  }

  @Test
  protected void read_boundsLimitAndOtherAgents() {
    Storage storage = open();
    storage.metrics().write(everyType("agent-a"));
    storage.metrics().write(everyType("agent-b"));
    long ms = T / 1_000_000L;

    assertThat(storage.metrics().read("agent-a", ms + 3_000, ms + 5_000, 100))
        .extracting(MetricPoint::name).containsExactly("jvm.class.loaded", "http.server.request.duration");
    assertThat(storage.metrics().read("agent-a", ms, ms + 10_000, 2)).hasSize(2);
    assertThat(storage.metrics().read("agent-c", ms, ms + 10_000, 100)).isEmpty();
    assertThatThrownBy(() -> storage.metrics().read("agent-a", 0, 1, 0)).hasMessageContaining("limit: 0");
  }
}
