package io.pinscope.receiver.mapping;

import static io.pinscope.receiver.mapping.OtlpFixtures.CUMULATIVE;
import static io.pinscope.receiver.mapping.OtlpFixtures.DELTA;
import static io.pinscope.receiver.mapping.OtlpFixtures.MINUTE;
import static io.pinscope.receiver.mapping.OtlpFixtures.NOW_MILLIS;
import static io.pinscope.receiver.mapping.OtlpFixtures.OLD_START;
import static io.pinscope.receiver.mapping.OtlpFixtures.T0;
import static io.pinscope.receiver.mapping.OtlpFixtures.counter;
import static io.pinscope.receiver.mapping.OtlpFixtures.doublePoint;
import static io.pinscope.receiver.mapping.OtlpFixtures.exponential;
import static io.pinscope.receiver.mapping.OtlpFixtures.exponentialPoint;
import static io.pinscope.receiver.mapping.OtlpFixtures.gauge;
import static io.pinscope.receiver.mapping.OtlpFixtures.histogram;
import static io.pinscope.receiver.mapping.OtlpFixtures.histogramPoint;
import static io.pinscope.receiver.mapping.OtlpFixtures.kv;
import static io.pinscope.receiver.mapping.OtlpFixtures.longPoint;
import static io.pinscope.receiver.mapping.OtlpFixtures.metrics;
import static io.pinscope.receiver.mapping.OtlpFixtures.resource;
import static io.pinscope.receiver.mapping.OtlpFixtures.resourceMetrics;
import static io.pinscope.receiver.mapping.OtlpFixtures.sum;
import static io.pinscope.receiver.mapping.OtlpFixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.pinscope.model.Attributes;
import io.pinscope.model.HostInfo;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.MetricPoint.Kind;
import io.pinscope.model.MetricValue.ExponentialHistogramValue;
import io.pinscope.model.MetricValue.HistogramValue;
import io.pinscope.model.MetricValue.Scalar;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricMapperTest {
  private static final Resource ORDERS_1 = resource("orders", "orders-1");
  private static final Resource ORDERS_2 = resource("orders", "orders-2");

  private final CumulativeToDelta deltas = new CumulativeToDelta(1_000, OtlpFixtures.clockAtT0());
  private final MetricMapper mapper = new MetricMapper(deltas);

  @Test
  void gauge_isStoredAsTheReading() {
    MappedMetrics mapped = map(metrics(ORDERS_1,
        gauge("jvm.cpu.recent_utilization", "1", doublePoint(0, T0, 0.25)),
        gauge("queue.size", "{item}", longPoint(0, T0, 7, kv("queue", "orders")))));

    assertThat(mapped.rejected()).isZero();
    assertThat(mapped.batches()).singleElement().satisfies(b -> {
      assertThat(b.identity().applicationName()).isEqualTo("orders");
      assertThat(b.identity().agentId()).isEqualTo("orders-1");
    });
    assertThat(mapped.points()).containsExactly(
        new MetricPoint("orders-1", "jvm.cpu.recent_utilization", "1", Kind.GAUGE, Attributes.empty(), T0,
            new Scalar(0.25)),
        new MetricPoint("orders-1", "queue.size", "{item}", Kind.GAUGE, Attributes.of("queue", "orders"), T0,
            new Scalar(7)));
  }

  @Test
  void cumulativeCounter_becomesDeltasAcrossExports_throughResetAndRestart() {
    long restart = T0 + 3 * MINUTE + 1_000;
    List<List<MetricPoint>> exports = List.of(
        map(metrics(ORDERS_1, counter("jvm.class.loaded", OLD_START, T0, 100))).points(),
        map(metrics(ORDERS_1, counter("jvm.class.loaded", OLD_START, T0 + MINUTE, 130))).points(),
        // The value dropped: the counter restarted from 0 without a new start time.
        map(metrics(ORDERS_1, counter("jvm.class.loaded", OLD_START, T0 + 2 * MINUTE, 7))).points(),
        // A new start time: the process restarted.
        map(metrics(ORDERS_1, counter("jvm.class.loaded", restart, T0 + 4 * MINUTE, 50))).points(),
        map(metrics(ORDERS_1, counter("jvm.class.loaded", restart, T0 + 5 * MINUTE, 60))).points());

    assertThat(exports.get(0)).isEmpty();
    assertThat(exports.subList(1, 5)).allSatisfy(points -> assertThat(points).singleElement()
        .satisfies(p -> assertThat(p.kind()).isEqualTo(Kind.SUM)));
    assertThat(exports.subList(1, 5)).extracting(points -> points.get(0).value())
        .containsExactly(new Scalar(30), new Scalar(7), new Scalar(50), new Scalar(10));
  }

  @Test
  void firstExport_ofAProcessStartedAfterUs_keepsItsWholeCount() {
    MappedMetrics mapped = map(metrics(ORDERS_1, counter("jvm.class.loaded", T0 + 1_000, T0 + MINUTE, 4_800)));

    assertThat(mapped.points()).extracting(MetricPoint::value).containsExactly(new Scalar(4_800));
  }

  @Test
  void deltaSums_passThrough_includingNegativeUpDownChanges() {
    MappedMetrics mapped = map(metrics(ORDERS_1,
        sum("requests", DELTA, true, longPoint(T0 - MINUTE, T0, 12)),
        sum("connections", DELTA, false, longPoint(T0 - MINUTE, T0, -3))));

    assertThat(mapped.points()).extracting(MetricPoint::name, MetricPoint::kind, MetricPoint::value)
        .containsExactly(tuple("requests", Kind.SUM, new Scalar(12)), tuple("connections", Kind.SUM, new Scalar(-3)));
  }

  @Test
  void cumulativeUpDownCounter_isStoredAsItsCurrentLevel() {
    KeyValue[] heapEden = {kv("jvm.memory.type", "heap"), kv("jvm.memory.pool.name", "G1 Eden Space")};
    map(metrics(ORDERS_1, sum("jvm.memory.used", CUMULATIVE, false, longPoint(OLD_START, T0, 5_000, heapEden))));

    MappedMetrics mapped = map(metrics(ORDERS_1,
        sum("jvm.memory.used", CUMULATIVE, false, longPoint(OLD_START, T0 + MINUTE, 3_000, heapEden))));

    assertThat(mapped.points()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Kind.GAUGE);
      assertThat(p.value()).isEqualTo(new Scalar(3_000));
    });
    assertThat(deltas.size()).isZero();
  }

  @Test
  void seriesAreSeparatedByAttributesAndByAgent() {
    ExportMetricsServiceRequest first = twoAgents(
        counter("gc.count", OLD_START, T0, 10, kv("gc", "young")),
        counter("gc.count", OLD_START, T0, 1, kv("gc", "old")),
        counter("gc.count", OLD_START, T0, 500, kv("gc", "young")));
    ExportMetricsServiceRequest second = twoAgents(
        counter("gc.count", OLD_START, T0 + MINUTE, 15, kv("gc", "young")),
        counter("gc.count", OLD_START, T0 + MINUTE, 2, kv("gc", "old")),
        counter("gc.count", OLD_START, T0 + MINUTE, 503, kv("gc", "young")));

    assertThat(map(first).points()).isEmpty();
    assertThat(map(second).points())
        .extracting(MetricPoint::agentId, p -> p.attributes().text("gc"), MetricPoint::value)
        .containsExactly(
            tuple("orders-1", "young", new Scalar(5)),
            tuple("orders-1", "old", new Scalar(1)),
            tuple("orders-2", "young", new Scalar(3)));
  }

  @Test
  void attributeOrder_doesNotSplitASeries() {
    map(metrics(ORDERS_1, counter("http.requests", OLD_START, T0, 10, kv("route", "/a"), kv("method", "GET"))));

    MappedMetrics mapped = map(metrics(ORDERS_1,
        counter("http.requests", OLD_START, T0 + MINUTE, 12, kv("method", "GET"), kv("route", "/a"))));

    assertThat(mapped.points()).singleElement().satisfies(p -> {
      assertThat(p.value()).isEqualTo(new Scalar(2));
      assertThat(p.attributes()).isEqualTo(Attributes.of("method", "GET", "route", "/a"));
    });
  }

  @Test
  void cumulativeHistogram_becomesBucketDeltas() {
    map(metrics(ORDERS_1, histogram("jvm.gc.duration", CUMULATIVE,
        histogramPoint(OLD_START, T0, 1.5, 0.002, 0.9, 10, 4, 1, 0))));

    MappedMetrics mapped = map(metrics(ORDERS_1, histogram("jvm.gc.duration", CUMULATIVE,
        histogramPoint(OLD_START, T0 + MINUTE, 4.0, 0.001, 2.5, 12, 4, 3, 1))));

    assertThat(mapped.points()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Kind.HISTOGRAM);
      assertThat(p.unit()).isEqualTo("s");
      assertThat(p.value()).isEqualTo(
          new HistogramValue(5, 2.5, 0.001, 2.5, List.of(0.01, 0.1, 1.0), List.of(2L, 0L, 2L, 1L)));
    });
  }

  @Test
  void cumulativeHistogram_restart_emitsTheNewHistogramWhole() {
    map(metrics(ORDERS_1, histogram("jvm.gc.duration", CUMULATIVE,
        histogramPoint(OLD_START, T0, 1.5, 0.002, 0.9, 10, 4, 1, 0))));

    MappedMetrics mapped = map(metrics(ORDERS_1, histogram("jvm.gc.duration", CUMULATIVE,
        histogramPoint(T0 + 1_000, T0 + MINUTE, 0.3, 0.003, 0.2, 1, 0, 1, 0))));

    assertThat(mapped.points()).extracting(MetricPoint::value).containsExactly(
        new HistogramValue(2, 0.3, 0.003, 0.2, List.of(0.01, 0.1, 1.0), List.of(1L, 0L, 1L, 0L)));
  }

  @Test
  void deltaHistogram_passesThrough_andAMissingSumIsNaN() {
    HistogramDataPoint noSum = histogramPoint(T0 - MINUTE, T0, 0, -5, 3, 1, 0, 0, 1).toBuilder().clearSum().build();

    MappedMetrics mapped = map(metrics(ORDERS_1, histogram("temperature", DELTA, noSum)));

    assertThat(mapped.points()).singleElement().satisfies(p -> {
      HistogramValue h = (HistogramValue) p.value();
      assertThat(h.count()).isEqualTo(2);
      assertThat(h.sum()).isNaN();
      assertThat(h.min()).isEqualTo(-5.0);
      assertThat(h.bucketCounts()).containsExactly(1L, 0L, 0L, 1L);
    });
  }

  @Test
  void exponentialHistograms_deltaPassesThrough_cumulativeBecomesDeltas() {
    MappedMetrics delta = map(metrics(ORDERS_1,
        exponential("rpc.latency", DELTA, exponentialPoint(T0 - MINUTE, T0, 3, 42.0, 1, -2, 4, 5))));
    map(metrics(ORDERS_1,
        exponential("db.latency", CUMULATIVE, exponentialPoint(OLD_START, T0, 3, 100.0, 2, 5, 10, 20))));
    MappedMetrics cumulative = map(metrics(ORDERS_1,
        exponential("db.latency", CUMULATIVE, exponentialPoint(OLD_START, T0 + MINUTE, 3, 130.0, 2, 4, 3, 11, 25))));

    assertThat(delta.points()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Kind.EXPONENTIAL_HISTOGRAM);
      assertThat(p.value()).isEqualTo(new ExponentialHistogramValue(10, 42.0, 3, 1, -2, List.of(4L, 5L), 0, List.of()));
    });
    assertThat(cumulative.points()).extracting(MetricPoint::value).containsExactly(
        new ExponentialHistogramValue(9, 30.0, 3, 0, 4, List.of(3L, 1L, 5L), 0, List.of()));
  }

  @Test
  void summary_becomesCountAndSumDeltas_withoutBuckets() {
    map(metrics(ORDERS_1, summary("rpc.server.duration", OLD_START, T0, 100, 2_000)));

    MappedMetrics mapped = map(metrics(ORDERS_1, summary("rpc.server.duration", OLD_START, T0 + MINUTE, 130, 2_600)));

    assertThat(mapped.points()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Kind.HISTOGRAM);
      assertThat(p.value()).isEqualTo(new HistogramValue(30, 600, null, null, List.of(), List.of()));
    });
  }

  @Test
  void resourceWithNeitherServiceNorHost_rejectsAllItsPoints() {
    Resource anonymous = Resource.newBuilder().addAttributes(kv("os.type", "linux"))
        .addAttributes(kv("host.name", " ")).build();
    ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(resourceMetrics(anonymous,
            gauge("a", "1", doublePoint(0, T0, 1), doublePoint(0, T0, 2)), counter("b", OLD_START, T0, 3)))
        .addResourceMetrics(resourceMetrics(Resource.getDefaultInstance(), gauge("a", "1", doublePoint(0, T0, 1))))
        .addResourceMetrics(resourceMetrics(ORDERS_1, gauge("a", "1", doublePoint(0, T0, 1))))
        .build();

    MappedMetrics mapped = map(request);

    assertThat(mapped.rejected()).isEqualTo(4);
    assertThat(mapped.reasons()).containsExactly("missing service.name");
    assertThat(mapped.batches()).singleElement()
        .satisfies(b -> assertThat(b.identity().agentId()).isEqualTo("orders-1"));
    assertThat(mapped.hosts()).isEmpty();
    assertThat(mapped.points()).hasSize(1);
  }

  @Test
  void resourceWithHostAndNoService_isAHost_ownedByItsReservedId_withDeltasPerHost() {
    Resource box = Resource.newBuilder().addAttributes(kv("host.name", "box"))
        .addAttributes(kv("os.type", "linux")).build();
    Resource other = Resource.newBuilder().addAttributes(kv("host.name", "other")).build();
    KeyValue[] eth0 = {kv("device", "eth0"), kv("direction", "receive")};
    map(ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(resourceMetrics(box, counter("system.network.io", OLD_START, T0, 1_000, eth0)))
        .addResourceMetrics(resourceMetrics(other, counter("system.network.io", OLD_START, T0, 50, eth0)))
        .build());

    MappedMetrics mapped = map(ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(resourceMetrics(box, counter("system.network.io", OLD_START, T0 + MINUTE, 1_600, eth0),
            sum("system.memory.usage", CUMULATIVE, false, longPoint(OLD_START, T0 + MINUTE, 4_096,
                kv("state", "used")))))
        .addResourceMetrics(resourceMetrics(other, counter("system.network.io", OLD_START, T0 + MINUTE, 80, eth0)))
        .build());

    assertThat(mapped.rejected()).isZero();
    assertThat(mapped.batches()).isEmpty();
    assertThat(mapped.hosts()).extracting(MappedMetrics.HostBatch::hostname).containsExactly("box", "other");
    assertThat(mapped.hosts().get(0).resource()).isEqualTo(Attributes.of("host.name", "box", "os.type", "linux"));
    assertThat(mapped.points()).extracting(MetricPoint::agentId, MetricPoint::name, MetricPoint::kind,
        MetricPoint::value).containsExactly(
            tuple("\u0000host:box", "system.network.io", Kind.SUM, new Scalar(600)),
            tuple("\u0000host:box", "system.memory.usage", Kind.GAUGE, new Scalar(4_096)),
            tuple("\u0000host:other", "system.network.io", Kind.SUM, new Scalar(30)));
  }

  @Test
  void agentWhoseIdTakesTheReservedHostPrefix_isRejected() {
    MappedMetrics mapped = map(metrics(resource("orders", HostInfo.metricsOwner("box")),
        gauge("a", "1", doublePoint(0, T0, 1))));

    assertThat(mapped.rejected()).isEqualTo(1);
    assertThat(mapped.reasons()).containsExactly("agent id starts with the prefix reserved for host metrics");
    assertThat(mapped.batches()).isEmpty();
    assertThat(mapped.hosts()).isEmpty();
  }

  @Test
  void faultyPoints_areRejectedWithReasons_andTheRestIsStored() {
    NumberDataPoint noValue = NumberDataPoint.newBuilder().setTimeUnixNano(T0).build();
    HistogramDataPoint badBuckets = histogramPoint(OLD_START, T0, 1, 0, 1, 1, 2).toBuilder()
        .clearBucketCounts().addBucketCounts(1).build();
    MappedMetrics mapped = map(metrics(ORDERS_1,
        gauge("a", "1", doublePoint(0, 0, 1), doublePoint(0, T0, Double.NaN), noValue, doublePoint(0, T0, 9)),
        sum("b", AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED, true, longPoint(OLD_START, T0, 1)),
        histogram("c", CUMULATIVE, badBuckets),
        histogram("d", CUMULATIVE, histogramPoint(OLD_START, T0, Double.POSITIVE_INFINITY, 0, 1, 1, 0, 0, 0)),
        gauge("", "1", doublePoint(0, T0, 1))));

    assertThat(mapped.rejected()).isEqualTo(7);
    assertThat(mapped.reasons()).containsExactly(
        "a: missing time_unix_nano",
        "a: value is not finite",
        "a: no value",
        "b: aggregation temporality unspecified",
        "c: bucket_counts do not fit explicit_bounds (expected: one more count than bounds)",
        "d: sum is not finite",
        "metric without a name");
    assertThat(mapped.errorMessage()).startsWith("a: missing time_unix_nano; a: value is not finite; ");
    assertThat(mapped.points()).extracting(MetricPoint::value).containsExactly(new Scalar(9));
  }

  @Test
  void outOfOrderCumulativePoint_isRejected_butARetriedOneIsNot() {
    map(metrics(ORDERS_1, counter("c", OLD_START, T0, 1)));
    map(metrics(ORDERS_1, counter("c", OLD_START, T0 + MINUTE, 2)));

    MappedMetrics retried = map(metrics(ORDERS_1, counter("c", OLD_START, T0 + MINUTE, 2)));
    MappedMetrics late = map(metrics(ORDERS_1, counter("c", OLD_START, T0, 1)));

    assertThat(retried.rejected()).isZero();
    assertThat(retried.points()).isEmpty();
    assertThat(late.rejected()).isEqualTo(1);
    assertThat(late.reasons()).containsExactly("c: cumulative point older than the last one of its series");
  }

  @Test
  void noRecordedValuePoints_areSkippedWithoutRejection() {
    NumberDataPoint stale = doublePoint(0, T0, Double.NaN).toBuilder()
        .setFlags(DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE).build();

    MappedMetrics mapped = map(metrics(ORDERS_1, gauge("a", "1", stale)));

    assertThat(mapped.rejected()).isZero();
    assertThat(mapped.points()).isEmpty();
    assertThat(mapped.batches()).hasSize(1);
  }

  @Test
  void reasons_areDistinctAndBounded_whileEveryRejectionIsCounted() {
    List<Metric> metrics = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      metrics.add(gauge("m" + i, "1", doublePoint(0, T0, Double.NaN), doublePoint(0, T0, Double.NaN)));
    }

    MappedMetrics mapped = map(metrics(ORDERS_1, metrics.toArray(Metric[]::new)));

    assertThat(mapped.rejected()).isEqualTo(30);
    // The first ten distinct reasons are kept; the rest are counted under one "other reasons".
    assertThat(mapped.reasons()).hasSize(11).doesNotHaveDuplicates().startsWith("m0: value is not finite")
        .endsWith("other reasons");
  }

  @Test
  void reasons_quotingLongNames_areCut() {
    String name = "x".repeat(1_000);

    MappedMetrics mapped = map(metrics(ORDERS_1, gauge(name, "1", doublePoint(0, T0, Double.NaN))));

    assertThat(mapped.reasons()).singleElement()
        .satisfies(r -> assertThat(r).hasSize(Rejections.MAX_REASON_LENGTH + 1).endsWith("x…"));
  }

  private MappedMetrics map(ExportMetricsServiceRequest request) {
    return mapper.map(request, NOW_MILLIS);
  }

  private static ExportMetricsServiceRequest twoAgents(Metric young1, Metric old1, Metric young2) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(resourceMetrics(ORDERS_1, young1, old1))
        .addResourceMetrics(resourceMetrics(ORDERS_2, young2))
        .build();
  }
}
