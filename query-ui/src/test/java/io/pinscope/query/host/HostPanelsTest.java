package io.pinscope.query.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.model.Attributes;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.MetricPoint.Kind;
import io.pinscope.model.MetricValue;
import io.pinscope.query.host.HostMetrics.Panel;
import io.pinscope.query.host.HostMetrics.Series;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link HostPanels}' rules on points the end-to-end test does not send. */
class HostPanelsTest {
  static final long MIN = 60_000;
  static final long T0 = 1_700_000_040_000L;

  @Test
  void devicesSharingAMountPoint_areSummed_andAMissingAttributeReadsDash() {
    List<MetricPoint> points = List.of(
        level("system.filesystem.usage", T0, 100, "device", "a", "mountpoint", "/data", "state", "used"),
        level("system.filesystem.usage", T0 + 1_000, 300, "device", "a", "mountpoint", "/data", "state", "used"),
        level("system.filesystem.usage", T0, 50, "device", "b", "mountpoint", "/data", "state", "used"),
        level("system.filesystem.usage", T0, 7, "device", "c", "state", "used"));

    assertThat(panel(points, "disk").series()).containsExactly(
        new Series("- used", List.of(List.of(T0, 7.0))),
        new Series("/data used", List.of(List.of(T0, 250.0))));
  }

  @Test
  void cpuTime_bucketsWithoutElapsedTimeAreLeftOut_andWithoutIdleThereIsNoBusy() {
    List<MetricPoint> points = List.of(
        delta("system.cpu.time", T0, 0, "cpu", "cpu0", "state", "user"),
        delta("system.cpu.time", T0 + MIN, 15, "cpu", "cpu0", "state", "user"),
        delta("system.cpu.time", T0 + MIN, 45, "cpu", "cpu0", "state", "system"));

    assertThat(panel(points, "cpu").series()).containsExactly(
        new Series("system", List.of(List.of(T0 + MIN, 0.75))),
        new Series("user", List.of(List.of(T0 + MIN, 0.25))));
  }

  @Test
  void ratesCountSumsOnly_andHistogramsAreIgnored() {
    List<MetricPoint> points = List.of(
        delta("system.network.io", T0, 600, "direction", "receive"),
        level("system.network.io", T0, 9_999, "direction", "receive"),
        new MetricPoint("h", "system.disk.io", "By", Kind.HISTOGRAM, Attributes.empty(), T0 * 1_000_000L,
            new MetricValue.HistogramValue(1, 5, null, null, List.of(), List.of())));

    List<Panel> panels = new HostPanels(points, MIN).panels();
    assertThat(panels).extracting(Panel::id).containsExactly("cpu", "memory", "network", "disk");
    assertThat(panels.get(2).series()).containsExactly(new Series("receive", List.of(List.of(T0, 10.0))));
  }

  @Test
  void rates_coverTheTimeSinceTheSeriesPreviousPoint_soAPartlyCoveredBucketReadsTheRate() {
    List<MetricPoint> points = List.of(
        delta("system.network.io", T0 + 10_000, 300, "device", "eth0", "direction", "receive"),
        delta("system.network.io", T0 + 40_000, 600, "device", "eth0", "direction", "receive"),
        delta("system.network.io", T0 + 100_000, 1_200, "device", "eth0", "direction", "receive"),
        delta("system.network.io", T0 + 100_000, 50, "device", "lo", "direction", "receive"));

    // Minute 0: 300 over 30 s (the first point counts the time to its next) + 600 over 30 s; minute 1:
    // 1200 over 60 s, and lo's lone point over a whole bucket.
    assertThat(panel(points, "network").series()).containsExactly(
        new Series("receive", List.of(List.of(T0, 15.0), List.of(T0 + MIN, 20.0 + 50 / 60.0))));
  }

  @Test
  void rates_afterAPauseInTheExports_coverOneTypicalInterval_notThePause() {
    // Exports every 20 s, then 10 minutes without (the Collector restarted), then 20 s again.
    List<MetricPoint> points = List.of(
        delta("system.network.io", T0, 200, "direction", "transmit"),
        delta("system.network.io", T0 + 20_000, 200, "direction", "transmit"),
        delta("system.network.io", T0 + 40_000, 200, "direction", "transmit"),
        delta("system.network.io", T0 + 10 * MIN, 400, "direction", "transmit"),
        delta("system.network.io", T0 + 10 * MIN + 20_000, 400, "direction", "transmit"));

    assertThat(panel(points, "network").series()).containsExactly(
        new Series("transmit", List.of(List.of(T0, 10.0), List.of(T0 + 10 * MIN, 20.0))));
  }

  @Test
  void disk_keepsTheMountPointsUsingTheMostBytes_andSumsTheOthersPerState() {
    List<MetricPoint> points = new java.util.ArrayList<>();
    for (int m = 0; m < HostPanels.MAX_MOUNTPOINTS + 3; m++) {
      points.add(level("system.filesystem.usage", T0, 100 + m, "mountpoint", "/m" + m, "state", "used"));
      points.add(level("system.filesystem.usage", T0, 1, "mountpoint", "/m" + m, "state", "free"));
    }

    List<Series> series = panel(points, "disk").series();
    // /m3../m12 use the most; /m0, /m1, /m2 (100 + 101 + 102 used, 3 free) are summed under other.
    assertThat(series).hasSize(2 * HostPanels.MAX_MOUNTPOINTS + 2);
    assertThat(series).contains(new Series("other used", List.of(List.of(T0, 303.0))),
        new Series("other free", List.of(List.of(T0, 3.0))), new Series("/m12 used", List.of(List.of(T0, 112.0))));
    assertThat(series).extracting(Series::label).doesNotContain("/m0 used", "/m2 free");
  }

  @Test
  void pointsBeforeEpochBucketDownward_andABucketMustBePositive() {
    assertThat(panel(List.of(level("system.memory.usage", -1, 5, "state", "used")), "memory").series())
        .containsExactly(new Series("used", List.of(List.of(-MIN, 5.0))));
    assertThatThrownBy(() -> new HostPanels(List.of(), 0))
        .hasMessage("bucketMillis: 0 (expected: > 0)");
  }

  private static Panel panel(List<MetricPoint> points, String id) {
    return new HostPanels(points, MIN).panels().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
  }

  private static MetricPoint level(String name, long millis, double value, String... attributes) {
    return point(name, Kind.GAUGE, millis, value, attributes);
  }

  private static MetricPoint delta(String name, long millis, double value, String... attributes) {
    return point(name, Kind.SUM, millis, value, attributes);
  }

  private static MetricPoint point(String name, Kind kind, long millis, double value, String... attributes) {
    return new MetricPoint("h", name, "By", kind, Attributes.of(attributes), millis * 1_000_000L,
        new MetricValue.Scalar(value));
  }
}
