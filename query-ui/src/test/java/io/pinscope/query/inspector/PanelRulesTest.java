package io.pinscope.query.inspector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.pinscope.model.Attributes;
import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.MetricBucket;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotValue;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The panel table's invariants, runtime detection and the evaluation rules the API tests do not reach. */
class PanelRulesTest {
  private static final long MIN = 60_000L;

  @ParameterizedTest
  @EnumSource(AgentRuntime.class)
  void panelIds_areUniquePerRuntime(AgentRuntime runtime) {
    List<String> ids = PanelRules.of(runtime).stream().map(PanelRule::id).toList();

    assertThat(ids).doesNotHaveDuplicates().doesNotContain("tps", "responseTime", "responseBands");
    assertThat(ids.get(0)).isEqualTo("activeRequests");
  }

  @Test
  void aPanelId_hasOneUnitAndTitle_whateverTheRuntime() {
    Map<String, Set<String>> byId = PanelRules.ALL.stream().collect(Collectors.groupingBy(PanelRule::id,
        Collectors.mapping(r -> r.unit() + " " + r.title(), Collectors.toSet())));

    assertThat(byId).allSatisfy((id, units) -> assertThat(units).as(id).hasSize(1));
  }

  @Test
  void applicationOfAPythonAndANodeAgent_keepsGcCollectionsAndGcTimeApart() {
    AgentPanels python = AgentPanels.evaluate(AgentRuntime.PYTHON,
        List.of(bucket("cpython.gc.collections", MetricPoint.Kind.SUM, 0, 1, 4, 4, 4)), List.of(), MIN);
    AgentPanels node = AgentPanels.evaluate(AgentRuntime.NODE,
        List.of(new MetricBucket("v8js.gc.duration", "s", MetricPoint.Kind.HISTOGRAM, Attributes.empty(), 0, 1,
            0.25, 0.25, 0.25, 0.25, 10, 2.5)), List.of(), MIN);

    PanelsAcrossAgents fold = new PanelsAcrossAgents(0, MIN, 1);
    fold.add("a-python", python.panels());
    fold.add("b-node", node.panels());
    List<ApplicationPanel> panels = fold.panels();

    assertThat(panels).extracting(p -> p.id() + " " + p.unit()).containsExactly("gcCount {collection}", "gcTime ms");
    assertThat(panels.get(0).series().get(0).points()).extracting(AcrossAgents::avg).containsExactly(4.0);
    assertThat(panels.get(1).series().get(0).points()).extracting(AcrossAgents::avg).containsExactly(2500.0);
  }

  @ParameterizedTest(name = "{0}={1} -> {2}")
  @CsvSource({
      "telemetry.sdk.language, java, JVM",
      "telemetry.sdk.language, python, PYTHON",
      "telemetry.sdk.language, nodejs, NODE",
      "telemetry.sdk.language, go, GO",
      "telemetry.sdk.language, php, GO",
      "process.runtime.name, OpenJDK Runtime Environment, JVM",
      "process.runtime.name, CPython, PYTHON",
      "process.runtime.name, nodejs, NODE"})
  void runtime_fromTheResource_beforeTheMetrics(String key, String value, AgentRuntime expected) {
    // The metrics are Go's: they decide only when the resource names no runtime (php).
    assertThat(AgentRuntime.detect(Attributes.of(key, value), Set.of("go.goroutine.count"))).isEqualTo(expected);
  }

  @Test
  void runtime_fromTheMetrics_whenTheResourceSaysNothing() {
    assertThat(AgentRuntime.detect(Attributes.empty(), Set.of("http.server.duration", "v8js.memory.heap.used")))
        .isEqualTo(AgentRuntime.NODE);
    assertThat(AgentRuntime.detect(Attributes.empty(), Set.of("cpython.gc.collections"))).isEqualTo(AgentRuntime.PYTHON);
    assertThat(AgentRuntime.detect(Attributes.empty(), Set.of("http.server.duration"))).isEqualTo(AgentRuntime.OTHER);
  }

  @Test
  void goPanels_andAnUnusedRuntimesMetricsAreGeneric() {
    List<MetricBucket> buckets = List.of(
        bucket("go.goroutine.count", MetricPoint.Kind.GAUGE, 0, 2, 30, 10, 20),
        // What go.opentelemetry.io/contrib/instrumentation/runtime sends (no CPU time).
        new MetricBucket("go.schedule.duration", "s", MetricPoint.Kind.HISTOGRAM, Attributes.empty(), 0, 2,
            0.0004, 0.0001, 0.0003, 0.0003, 400, 0.02),
        bucket("go.processor.limit", MetricPoint.Kind.GAUGE, 0, 2, 16, 8, 8),
        bucket("go.config.gogc", MetricPoint.Kind.GAUGE, 0, 1, 100, 100, 100),
        bucket("jvm.thread.count", MetricPoint.Kind.GAUGE, 0, 1, 7, 7, 7));

    AgentPanels panels = AgentPanels.evaluate(AgentRuntime.GO, buckets, List.of(), MIN);

    assertThat(panels.panels()).extracting(Panel::id).containsExactly("goroutines", "goSchedule", "goProcessors");
    assertThat(panels.panels().get(0).series().get(0).points()).containsEntry(0L, 15.0);
    // 0.02 s over 400 schedulings: 0.05 ms each.
    assertThat(panels.panels().get(1).series().get(0).points()).containsEntry(0L, 0.05);
    assertThat(panels.panels().get(2).series().get(0).points()).containsEntry(0L, 8.0);
    assertThat(PanelRules.ALL).flatExtracting(PanelRule::series).flatExtracting(PanelRule.SeriesRule::sources)
        .extracting(PanelRule.Source::metric).noneMatch(name -> name.startsWith("go.cpu"));
    assertThat(panels.generic()).extracting(MetricBucket::name).containsExactly("go.config.gogc", "jvm.thread.count");
  }

  @Test
  void rates_perSecondOfTheTimeTheBucketCovers_notOfTheWholeBucket() {
    // 3 s of CPU and 6 calls in each minute; the range starts 30 s into minute 0, now is 15 s into minute 1.
    List<MetricBucket> buckets = List.of(
        bucket("process.cpu.time", MetricPoint.Kind.SUM, 0, 1, 3, 3, 3),
        bucket("process.cpu.time", MetricPoint.Kind.SUM, MIN, 1, 3, 3, 3));
    Histogram six = Histogram.empty(HistogramSchema.values()[0]);
    for (int i = 0; i < 6; i++) {
      six = six.plus(10, false);
    }
    SelfKey key = new SelfKey("app", 1000, "agent");
    List<SlotValue<SelfKey>> self = List.of(new SlotValue<>(0, key, six), new SlotValue<>(MIN, key, six));
    BucketWindow window = new BucketWindow(30_000, 10 * MIN, MIN + 15_000);

    AgentPanels panels = AgentPanels.evaluate(AgentRuntime.PYTHON, buckets, self, MIN, window, window);

    Map<String, Panel> byId = panels.panels().stream().collect(Collectors.toMap(Panel::id, p -> p));
    assertThat(byId.get("cpu").series().get(0).points()).containsExactly(entry(0L, 0.1), entry(MIN, 0.2));
    assertThat(byId.get("tps").series().get(0).points()).containsExactly(entry(0L, 0.2), entry(MIN, 0.4));
    // Without a window (no range known), the full bucket.
    assertThat(AgentPanels.evaluate(AgentRuntime.PYTHON, buckets, self, MIN).panels().get(0).series().get(0)
        .points()).containsExactly(entry(0L, 0.1), entry(MIN, 0.1));
  }

  @Test
  void histogramMean_isOverTheObservationsWithASum() {
    // 11 observations, 6 of them in a point sent without a sum: 5.0 s over the 5 others.
    MetricBucket gc = new MetricBucket("jvm.gc.duration", "s", MetricPoint.Kind.HISTOGRAM, Attributes.empty(), 0, 2,
        2.0, 0.5, 1.5, 1.5, 11, 5.0, 5);

    assertThat(BucketValues.mean(gc)).isEqualTo(1.0);
  }

  @Test
  void bucketsNarrowerThanAMinute_areRefused() {
    assertThatThrownBy(() -> AgentPanels.evaluate(AgentRuntime.JVM, List.of(), List.of(), 1_000))
        .hasMessage("bucketMillis: 1000 (expected: a multiple of 60000)");
  }

  private static MetricBucket bucket(String name, MetricPoint.Kind kind, long start, long count, double sum,
      double min, double max) {
    return new MetricBucket(name, "1", kind, Attributes.empty(), start, count, sum, min, max, max, 0, 0);
  }
}
