package io.pinscope.server;

import static io.pinscope.server.BrowserFixture.kv;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One export of an OTel Collector's {@code hostmetrics} receiver (with the resourcedetection processor
 * setting {@code host.name}) for a 2-CPU, 16 GiB host, shaped as the Collector sends it: one resource per
 * scraper, scope {@code .../hostmetricsreceiver/internal/scraper/<name>scraper}. Export {@code k} (0, 1, ...)
 * varies the values; counters are cumulative since boot, so the first export only sets the rates' base.
 */
final class CollectorHostMetrics {
  static final long GIB = 1024L * 1024 * 1024;
  static final long MIB = 1024L * 1024;
  private static final String SCRAPER = "github.com/open-telemetry/opentelemetry-collector-contrib/receiver/"
      + "hostmetricsreceiver/internal/scraper/";

  private CollectorHostMetrics() {}

  /** Export {@code k} of {@code host}, taken at {@code millis}; the host booted {@code bootMillis}. */
  static ExportMetricsServiceRequest export(String host, long bootMillis, long millis, int k) {
    Resource resource = Resource.newBuilder().addAttributes(kv("host.name", host)).addAttributes(kv("os.type", "linux"))
        .build();
    At at = new At(bootMillis * 1_000_000L, millis * 1_000_000L);
    List<NumberDataPoint> cpu = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      double user = 0.2 + 0.1 * ((k + c) % 4), system = 0.05 + 0.02 * c, wait = 0.01;
      Map<String, Double> states = Map.of("user", user, "system", system, "wait", wait, "idle", 1 - user - system - wait);
      for (Map.Entry<String, Double> s : states.entrySet()) {
        cpu.add(at.fraction(s.getValue(), "cpu", "cpu" + c, "state", s.getKey()));
      }
    }
    long used = 5 * GIB + k * 200 * MIB, cached = 3 * GIB, buffered = 256 * MIB;
    // Receive 2-4 MiB and transmit 1 MiB a minute; read 8 MiB, write 20 MiB a minute.
    long received = 40 * GIB + k * 3 * MIB + (k % 2) * MIB, sent = 7 * GIB + k * MIB;
    long rootUsed = 41 * GIB + k * 50 * MIB;
    ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
    for (ScopeMetrics scraper : List.of(
        scope("cpuscraper", gauge("system.cpu.utilization", "1", cpu)),
        scope("memoryscraper", at.sum("system.memory.usage", false, List.of(at.bytes(used, "state", "used"),
            at.bytes(16 * GIB - used - cached - buffered, "state", "free"), at.bytes(cached, "state", "cached"),
            at.bytes(buffered, "state", "buffered"))),
            gauge("system.memory.utilization", "1", List.of(at.fraction((double) used / (16 * GIB), "state", "used")))),
        scope("networkscraper", at.sum("system.network.io", true, List.of(
            at.bytes(received, "device", "eth0", "direction", "receive"),
            at.bytes(sent, "device", "eth0", "direction", "transmit")))),
        scope("filesystemscraper", at.sum("system.filesystem.usage", false, List.of(
            at.bytes(rootUsed, "device", "/dev/sda1", "mode", "rw", "mountpoint", "/", "type", "ext4", "state", "used"),
            at.bytes(100 * GIB - rootUsed, "device", "/dev/sda1", "mode", "rw", "mountpoint", "/", "type", "ext4",
                "state", "free")))),
        scope("diskscraper", at.sum("system.disk.io", true, List.of(
            at.bytes(k * 8 * MIB, "device", "sda", "direction", "read"),
            at.bytes(k * 20 * MIB, "device", "sda", "direction", "write")))))) {
      request.addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(scraper));
    }
    return request.build();
  }

  private static ScopeMetrics scope(String scraper, Metric... metrics) {
    return ScopeMetrics.newBuilder().setScope(InstrumentationScope.newBuilder().setName(SCRAPER + scraper)
        .setVersion("0.118.0")).addAllMetrics(List.of(metrics)).build();
  }

  private static Metric gauge(String name, String unit, List<NumberDataPoint> points) {
    return Metric.newBuilder().setName(name).setUnit(unit).setGauge(Gauge.newBuilder().addAllDataPoints(points)).build();
  }

  /** Points of one export: started at boot (ns), taken at time (ns). */
  private record At(long start, long time) {
    /** An int point of bytes; attributes as key, value pairs. */
    NumberDataPoint bytes(long value, String... attributes) {
      return point(attributes).setAsInt(value).build();
    }

    /** A double point of a 0..1 fraction; attributes as key, value pairs. */
    NumberDataPoint fraction(double value, String... attributes) {
      return point(attributes).setAsDouble(value).build();
    }

    private NumberDataPoint.Builder point(String... attributes) {
      NumberDataPoint.Builder b = NumberDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(time);
      for (int i = 0; i < attributes.length; i += 2) {
        b.addAttributes(kv(attributes[i], attributes[i + 1]));
      }
      return b;
    }

    /** A cumulative byte sum: monotonic (a counter) or not (an UpDownCounter). */
    Metric sum(String name, boolean monotonic, List<NumberDataPoint> points) {
      return Metric.newBuilder().setName(name).setUnit("By").setSum(Sum.newBuilder().setIsMonotonic(monotonic)
          .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
          .addAllDataPoints(points)).build();
    }
  }
}
