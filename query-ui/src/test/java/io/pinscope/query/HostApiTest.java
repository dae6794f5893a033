package io.pinscope.query;

import static io.pinscope.query.TestApiServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.pinscope.receiver.ReceiverConfig;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The host view end to end: two hosts' OTel Collector {@code hostmetrics} output, shaped as that receiver
 * sends it (one resource per scraper, scope {@code .../hostmetricsreceiver/internal/scraper/<name>scraper},
 * the types, temporalities, units and attributes of the scrapers' {@code metadata.yaml}), goes through the
 * real receiver; agents on those hosts send their own metrics. Collector exports every 30 s, the first
 * (20 s before the range) only setting the cumulative bases; buckets are minutes.
 *
 * <p>{@code web-1} sends {@code system.cpu.utilization} (and {@code system.cpu.time}, which the CPU panel
 * then ignores), {@code system.memory.utilization} and {@code system.disk.io}; {@code db-1} sends only the
 * scrapers' defaults for CPU ({@code system.cpu.time}).
 */
class HostApiTest extends ReceiverApiTestBase {
  static final String RANGE = "?from=" + T0 + "&to=" + (T0 + 3 * MIN);
  static final String SCRAPER = "github.com/open-telemetry/opentelemetry-collector-contrib/receiver/"
      + "hostmetricsreceiver/internal/scraper/";
  static final long BOOT_NANOS = (T0 - 24 * 60 * MIN) * 1_000_000L;
  static final List<String> CPU_STATES =
      List.of("idle", "interrupt", "nice", "softirq", "steal", "system", "user", "wait");
  static final long[] EXPORTS = {T0 - 20_000, T0 + 10_000, T0 + 40_000, T0 + 70_000};

  private final HttpClient client = HttpClient.newHttpClient();

  @Override
  ReceiverConfig.Builder configure(ReceiverConfig.Builder builder) {
    return builder;
  }

  @BeforeAll
  void send() throws Exception {
    // Cumulative values at each export: {cpu0 {user, system, idle}, cpu1 {...}} CPU seconds.
    double[][][] webCpuTime = {{{100, 50, 1_000}, {100, 50, 1_000}}, {{130, 50, 1_000}, {130, 50, 1_000}},
        {{160, 50, 1_000}, {160, 50, 1_000}}, {{190, 50, 1_000}, {190, 50, 1_000}}};
    double[][][] dbCpuTime = {{{100, 50, 1_000}, {200, 60, 2_000}}, {{115, 53, 1_012}, {206, 63, 2_021}},
        {{121, 59, 1_030}, {209, 66, 2_045}}, {{136, 59, 1_045}, {224, 66, 2_060}}};
    // system.cpu.utilization at each export after the first: {cpu0 {user, system, idle}, cpu1 {...}}.
    double[][][] utilization = {{{0.5, 0.125, 0.375}, {0.25, 0.125, 0.625}},
        {{0.25, 0.125, 0.625}, {0.25, 0.25, 0.5}}, {{0.75, 0.125, 0.125}, {0.5, 0.25, 0.25}}};
    for (int i = 0; i < EXPORTS.length; i++) {
      long t = EXPORTS[i];
      List<Metric> webCpu = new ArrayList<>(List.of(cpuTime(t, webCpuTime[i])));
      if (i > 0) {
        webCpu.add(cpuUtilization(t, utilization[i - 1]));
      }
      long[] used = {500, 1_000, 3_000, 4_000};
      long[] free = {9_000, 7_000, 5_000, 4_000};
      Metric memory = upDown("system.memory.usage", "By", t, states(Map.of("buffered", 10L, "cached", 20L,
          "free", free[i], "slab_reclaimable", 30L, "slab_unreclaimable", 40L, "used", used[i])));
      Metric memoryUtilization = gauge("system.memory.utilization", "1", t,
          List.of(point(t, new double[] {0, 0.125, 0.375, 0.5}[i], "state", "used")));
      long[] eth0Rx = {10_000, 16_000, 22_000, 23_200};
      long[] eth0Tx = {5_000, 8_000, 11_000, 11_600};
      long[] lo = {1_000, 1_600, 2_200, 2_200};
      Metric network = counter("system.network.io", "By", t, List.of(
          point(t, eth0Rx[i], "device", "eth0", "direction", "receive"),
          point(t, eth0Tx[i], "device", "eth0", "direction", "transmit"),
          point(t, lo[i], "device", "lo", "direction", "receive"),
          point(t, lo[i], "device", "lo", "direction", "transmit")));
      long[] rootUsed = {1_000, 4_000, 6_000, 7_000};
      Metric filesystem = upDown("system.filesystem.usage", "By", t, List.of(
          fs(t, "/dev/sda1", "/", "ext4", "used", rootUsed[i]), fs(t, "/dev/sda1", "/", "ext4", "free",
              10_000 - rootUsed[i]), fs(t, "/dev/sda1", "/", "ext4", "reserved", 500),
          fs(t, "/dev/sda2", "/boot", "vfat", "used", 100), fs(t, "/dev/sda2", "/boot", "vfat", "free", 900),
          fs(t, "/dev/sda2", "/boot", "vfat", "reserved", 0)));
      long[] read = {0, 600, 1_200, 1_200};
      long[] write = {0, 1_800, 3_600, 3_660};
      Metric disk = counter("system.disk.io", "By", t, List.of(point(t, read[i], "device", "sda", "direction",
          "read"), point(t, write[i], "device", "sda", "direction", "write")));
      export(host("web-1", scope("cpuscraper", webCpu), scope("memoryscraper", List.of(memory,
          memoryUtilization)), scope("networkscraper", List.of(network)), scope("filesystemscraper",
          List.of(filesystem)), scope("diskscraper", List.of(disk))),
          host("db-1", scope("cpuscraper", List.of(cpuTime(t, dbCpuTime[i])))));
    }
    // Agents: two on web-1, one on db-1 (their resources carry host.name too), one on a host without host
    // metrics.
    export(agent("shop", "shop-2", "web-1"), agent("shop", "shop-1", "web-1"), agent("pay", "pay-1", "db-1"),
        agent("pay", "pay-2", "elsewhere"));
  }

  @Test
  void hosts_areListedWithTheAgentsOnThem_andAreNeitherApplicationsNorAgents() throws Exception {
    assertThat(api.ok("/api/v1/hosts").toString()).isEqualTo("["
        + "{\"host\":\"db-1\",\"lastSeen\":" + (T0 + 10 * MIN) + ",\"agents\":[\"pay-1\"]},"
        + "{\"host\":\"web-1\",\"lastSeen\":" + (T0 + 10 * MIN) + ",\"agents\":[\"shop-1\",\"shop-2\"]}]");
    assertThat(api.ok("/api/v1/applications").findValuesAsText("name")).containsExactly("pay", "shop");
    assertThat(api.get("/api/v1/agents/web-1/metrics" + RANGE).statusCode()).isEqualTo(404);
  }

  @Test
  void cpu_fromUtilization_averagedOverCpus_withBusy() throws Exception {
    JsonNode body = api.ok("/api/v1/hosts/web-1/metrics" + RANGE);

    assertThat(body.get("host").asText()).isEqualTo("web-1");
    assertThat(body.get("bucketMs").asLong()).isEqualTo(MIN);
    assertThat(body.get("truncated").asBoolean()).isFalse();
    assertThat(body.get("panels").findValuesAsText("id"))
        .containsExactly("cpu", "memory", "memory-utilization", "network", "disk", "disk-io");
    JsonNode cpu = panel(body, "cpu");
    assertThat(cpu.get("title").asText()).isEqualTo("CPU");
    assertThat(cpu.get("unit").asText()).isEqualTo("1");
    // Minute 0: user: cpu0 (0.5 + 0.25) / 2, cpu1 0.25 -> 0.3125; idle: cpu0 0.5, cpu1 0.5625 -> 0.53125.
    assertThat(series(cpu)).containsExactly(
        Map.entry("busy", points(0.46875, 0.8125)),
        Map.entry("idle", points(0.53125, 0.1875)),
        Map.entry("interrupt", points(0.0, 0.0)),
        Map.entry("nice", points(0.0, 0.0)),
        Map.entry("softirq", points(0.0, 0.0)),
        Map.entry("steal", points(0.0, 0.0)),
        Map.entry("system", points(0.15625, 0.1875)),
        Map.entry("user", points(0.3125, 0.625)),
        Map.entry("wait", points(0.0, 0.0)));
  }

  @Test
  void cpu_fromCpuTime_whenOnlyThatIsSent_isEachStatesShareOfTheElapsedCpuTime() throws Exception {
    JsonNode body = api.ok("/api/v1/hosts/db-1/metrics" + RANGE);

    assertThat(body.get("panels").findValuesAsText("id")).containsExactly("cpu", "memory", "network", "disk");
    // Minute 0: 120 CPU seconds (2 CPUs x 60 s): user 30, system 15, idle 75. Minute 1: 60 s, user 30.
    assertThat(series(panel(body, "cpu"))).containsExactly(
        Map.entry("busy", points(0.375, 0.5)),
        Map.entry("idle", points(0.625, 0.5)),
        Map.entry("interrupt", points(0.0, 0.0)),
        Map.entry("nice", points(0.0, 0.0)),
        Map.entry("softirq", points(0.0, 0.0)),
        Map.entry("steal", points(0.0, 0.0)),
        Map.entry("system", points(0.125, 0.0)),
        Map.entry("user", points(0.25, 0.5)),
        Map.entry("wait", points(0.0, 0.0)));
    assertThat(panel(body, "memory").get("series")).isEmpty();
  }

  @Test
  void memory_network_andDisk() throws Exception {
    JsonNode body = api.ok("/api/v1/hosts/web-1/metrics" + RANGE);

    JsonNode memory = panel(body, "memory");
    assertThat(memory.get("unit").asText()).isEqualTo("By");
    assertThat(series(memory)).containsExactly(
        Map.entry("buffered", points(10.0, 10.0)),
        Map.entry("cached", points(20.0, 20.0)),
        Map.entry("free", points(6_000.0, 4_000.0)),
        Map.entry("slab_reclaimable", points(30.0, 30.0)),
        Map.entry("slab_unreclaimable", points(40.0, 40.0)),
        Map.entry("used", points(2_000.0, 4_000.0)));
    assertThat(series(panel(body, "memory-utilization")))
        .containsExactly(Map.entry("used", points(0.25, 0.5)));
    JsonNode network = panel(body, "network");
    assertThat(network.get("unit").asText()).isEqualTo("By/s");
    // Minute 0 receive: eth0 6000 + 6000, lo 600 + 600 bytes over the 60 s two exports cover (the first one
    // in range counts the 30 s to the next); minute 1: eth0 1200, lo 0 over the 30 s of its one export.
    assertThat(series(network)).containsExactly(
        Map.entry("receive", points(220.0, 40.0)),
        Map.entry("transmit", points(120.0, 20.0)));
    assertThat(series(panel(body, "disk"))).containsExactly(
        Map.entry("/ free", points(5_000.0, 3_000.0)),
        Map.entry("/ reserved", points(500.0, 500.0)),
        Map.entry("/ used", points(5_000.0, 7_000.0)),
        Map.entry("/boot free", points(900.0, 900.0)),
        Map.entry("/boot reserved", points(0.0, 0.0)),
        Map.entry("/boot used", points(100.0, 100.0)));
    assertThat(series(panel(body, "disk-io"))).containsExactly(
        Map.entry("read", points(20.0, 0.0)),
        Map.entry("write", points(60.0, 2.0)));
  }

  @Test
  void longerRange_coarserBuckets() throws Exception {
    JsonNode body = api.ok("/api/v1/hosts/web-1/metrics?from=" + (T0 - 2 * 60 * MIN) + "&to=" + (T0 + 60 * MIN));

    assertThat(body.get("bucketMs").asLong()).isEqualTo(5 * MIN);
    // One 5-minute bucket holds every export; T0 - 20 s is only a base for the counters. Each device's bytes
    // over the 90 s its three exports cover.
    assertThat(series(panel(body, "network"))).containsExactly(
        Map.entry("receive", "[[" + T0 + "," + (13_200 / 90.0 + 1_200 / 90.0) + "]]"),
        Map.entry("transmit", "[[" + T0 + "," + (6_600 / 90.0 + 1_200 / 90.0) + "]]"));
  }

  @Test
  void unknownHost_is404_andBadRangesAre400() throws Exception {
    HttpResponse<String> unknown = api.get("/api/v1/hosts/nowhere/metrics" + RANGE);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(TestApiServer.MAPPER.readTree(unknown.body()).get("error").asText())
        .isEqualTo("host: nowhere (no host metrics received from it)");
    assertThat(api.get("/api/v1/hosts/shop-1/metrics" + RANGE).statusCode()).isEqualTo(404);
    assertBadRequest("/api/v1/hosts/web-1/metrics?from=" + T0, "to: (missing) (expected: epoch milliseconds)");
    assertBadRequest("/api/v1/hosts/web-1/metrics?from=0&to=" + (3 * 24 * 60 * MIN), "to: " + 3 * 24 * 60 * MIN
        + " (expected: at most 2 days after from 0; the range limit is 2 days)");
  }

  // ---- The Collector's output.

  private static ResourceMetrics[] host(String name, ScopeMetrics... scrapers) {
    // What the resourcedetection processor's system detector adds; hostmetrics itself sends no resource.
    Resource resource = Resource.newBuilder().addAttributes(text("host.name", name))
        .addAttributes(text("os.type", "linux")).build();
    ResourceMetrics[] out = new ResourceMetrics[scrapers.length];
    for (int i = 0; i < scrapers.length; i++) {
      out[i] = ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(scrapers[i])
          .setSchemaUrl("https://opentelemetry.io/schemas/1.9.0").build();
    }
    return out;
  }

  private static ScopeMetrics scope(String scraper, List<Metric> metrics) {
    return ScopeMetrics.newBuilder().setScope(InstrumentationScope.newBuilder().setName(SCRAPER + scraper)
        .setVersion("0.118.0")).addAllMetrics(metrics).build();
  }

  /** An agent's resource (a JVM on {@code host}) with one gauge. */
  private static ResourceMetrics[] agent(String service, String instance, String host) {
    Resource resource = Resource.newBuilder().addAttributes(text("service.name", service))
        .addAttributes(text("service.instance.id", instance)).addAttributes(text("host.name", host))
        .addAttributes(text("telemetry.sdk.language", "java")).build();
    return new ResourceMetrics[] {ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(
        ScopeMetrics.newBuilder().addMetrics(gauge("jvm.cpu.recent_utilization", "1", T0,
            List.of(point(T0, 0.5))))).build()};
  }

  /** system.cpu.time: a double cumulative monotonic sum per (cpu, state), every state of Linux. */
  private static Metric cpuTime(long t, double[][] perCpu) {
    List<NumberDataPoint> points = new ArrayList<>();
    for (int cpu = 0; cpu < perCpu.length; cpu++) {
      for (String state : CPU_STATES) {
        points.add(point(t, cpuValue(perCpu[cpu], state), "cpu", "cpu" + cpu, "state", state));
      }
    }
    return Metric.newBuilder().setName("system.cpu.time").setDescription("Total seconds each logical CPU spent"
        + " on each mode.").setUnit("s").setSum(Sum.newBuilder().setIsMonotonic(true)
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
        .addAllDataPoints(points)).build();
  }

  /** system.cpu.utilization: a double gauge per (cpu, state). */
  private static Metric cpuUtilization(long t, double[][] perCpu) {
    List<NumberDataPoint> points = new ArrayList<>();
    for (int cpu = 0; cpu < perCpu.length; cpu++) {
      for (String state : CPU_STATES) {
        points.add(point(t, cpuValue(perCpu[cpu], state), "cpu", "cpu" + cpu, "state", state));
      }
    }
    return gauge("system.cpu.utilization", "1", t, points);
  }

  /** {user, system, idle}[state], 0 for the other states. */
  private static double cpuValue(double[] userSystemIdle, String state) {
    return switch (state) {
      case "user" -> userSystemIdle[0];
      case "system" -> userSystemIdle[1];
      case "idle" -> userSystemIdle[2];
      default -> 0;
    };
  }

  private static List<NumberDataPoint> states(Map<String, Long> byState) {
    List<NumberDataPoint> points = new ArrayList<>();
    new TreeMap<>(byState).forEach((state, v) -> points.add(point(0, v, "state", state)));
    return points;
  }

  private static NumberDataPoint fs(long t, String device, String mountpoint, String type, String state,
      long value) {
    return point(t, value, "device", device, "mode", "rw", "mountpoint", mountpoint, "type", type, "state",
        state);
  }

  private static Metric gauge(String name, String unit, long t, List<NumberDataPoint> points) {
    return Metric.newBuilder().setName(name).setUnit(unit)
        .setGauge(Gauge.newBuilder().addAllDataPoints(points)).build();
  }

  /** An int cumulative sum: monotonic (a counter) or not (an UpDownCounter). */
  private static Metric sum(String name, String unit, long t, List<NumberDataPoint> points, boolean monotonic) {
    List<NumberDataPoint> timed = points.stream().map(p -> p.toBuilder().setStartTimeUnixNano(BOOT_NANOS)
        .setTimeUnixNano(t * 1_000_000L).build()).toList();
    return Metric.newBuilder().setName(name).setUnit(unit).setSum(Sum.newBuilder().setIsMonotonic(monotonic)
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
        .addAllDataPoints(timed)).build();
  }

  private static Metric counter(String name, String unit, long t, List<NumberDataPoint> points) {
    return sum(name, unit, t, points, true);
  }

  private static Metric upDown(String name, String unit, long t, List<NumberDataPoint> points) {
    return sum(name, unit, t, points, false);
  }

  /** A point at {@code t} (ms), started at boot; an int when {@code value} is a long, else a double. */
  private static NumberDataPoint point(long t, Number value, String... attributes) {
    NumberDataPoint.Builder b = NumberDataPoint.newBuilder().setStartTimeUnixNano(BOOT_NANOS)
        .setTimeUnixNano(t * 1_000_000L);
    if (value instanceof Long l) {
      b.setAsInt(l);
    } else {
      b.setAsDouble(value.doubleValue());
    }
    for (int i = 0; i < attributes.length; i += 2) {
      b.addAttributes(text(attributes[i], attributes[i + 1]));
    }
    return b.build();
  }

  private void export(ResourceMetrics[]... resources) throws Exception {
    ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
    for (ResourceMetrics[] rms : resources) {
      request.addAllResourceMetrics(List.of(rms));
    }
    HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(api.uri("/v1/metrics"))
        .header("content-type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request.build().toByteArray())).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(ExportMetricsServiceResponse.parseFrom(r.body()).getPartialSuccess().getRejectedDataPoints())
        .isZero();
  }

  // ---- Reading the answer.

  private static JsonNode panel(JsonNode body, String id) {
    for (JsonNode p : body.get("panels")) {
      if (p.get("id").asText().equals(id)) {
        return p;
      }
    }
    throw new AssertionError("no panel " + id + " in " + body);
  }

  /** Label -> points as JSON text, in the answer's order. */
  private static Map<String, String> series(JsonNode panel) {
    Map<String, String> out = new LinkedHashMap<>();
    panel.get("series").forEach(s -> out.put(s.get("label").asText(), s.get("points").toString()));
    return out;
  }

  /** The points JSON of minute 0 and minute 1. */
  private static String points(double minute0, double minute1) {
    return "[[" + T0 + "," + minute0 + "],[" + (T0 + MIN) + "," + minute1 + "]]";
  }
}
