package io.pinscope.query.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.model.Attributes;
import io.pinscope.model.HostInfo;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.MetricValue;
import io.pinscope.storage.AgentMetrics;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A host's panels read every point of the range, past one read's limit. */
class HostQueriesTest {
  private static final long MINUTE = 60_000;
  private static final long T0 = 1_780_000_000_000L / MINUTE * MINUTE;

  @Test
  void panels_readPastOneReadsLimit_evenWhenAPageEndsInsideAMillisecond() {
    // 37 series every 10 s: a read of 100,000 points ends in the middle of one time's points.
    int series = 37;
    int times = AgentMetrics.MAX_POINTS / series + 400;
    try (Storage storage = Storage.open(StorageConfig.builder().engine("memory").build())) {
      storage.hosts().register(new HostInfo("web-1", T0, T0, Attributes.of("host.name", "web-1")));
      List<MetricPoint> points = new ArrayList<>();
      for (int t = 0; t < times; t++) {
        for (int s = 0; s < series; s++) {
          points.add(new MetricPoint(HostInfo.metricsOwner("web-1"), "system.memory.usage", "By",
              MetricPoint.Kind.SUM, Attributes.of("state", "used", "device", "d" + s), (T0 + t * 10_000L) * 1_000_000L,
              new MetricValue.Scalar(100)));
        }
        if (points.size() > 50_000) {
          storage.metrics().write(points);
          points.clear();
        }
      }
      storage.metrics().write(points);
      long to = T0 + times * 10_000L;

      HostMetrics m = new HostQueries(storage).metrics("web-1", T0, to, MINUTE).orElseThrow();

      assertThat(m.truncated()).isFalse();
      HostMetrics.Series used = m.panels().stream().filter(p -> p.id().equals("memory")).findFirst().orElseThrow()
          .series().get(0);
      // Every bucket, the last included, sums the 37 devices' 100 bytes.
      assertThat(used.points()).hasSize((int) ((to - 1 - T0) / MINUTE) + 1);
      assertThat(used.points()).allSatisfy(p -> assertThat(p.get(1).doubleValue()).isEqualTo(series * 100.0));
    }
  }
}
