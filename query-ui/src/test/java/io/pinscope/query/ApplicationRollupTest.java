package io.pinscope.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pinscope.model.AgentInfo;
import io.pinscope.model.Attributes;
import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.MetricValue;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotValue;
import io.pinscope.storage.ApplicationRollups;
import io.pinscope.storage.StatisticsBatch;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ApplicationRollup}: the application inspector in one-hour buckets answers the same JSON whether its
 * whole hours come from the application roll-ups or are computed live — with the range's ends in partial hours,
 * the hours an agent has not rolled up yet computed live, and rolled-up hours with live hours between them.
 */
class ApplicationRollupTest {
  private static final long MIN = 60_000L;
  private static final long HOUR = 3_600_000L;
  /** Three days and a bit ago, on the hour: every hour of the workload has ended. */
  private static final long H0 = Math.floorDiv(System.currentTimeMillis(), HOUR) * HOUR - 80 * HOUR;
  private static final int HOURS = 60;
  private static final List<String> AGENTS = List.of("shop-a", "shop-b", "shop-c");
  /** More than 2 days (one-hour buckets), both ends inside an hour. */
  private static final String PARTIAL = "?from=" + (H0 + 17 * MIN + 3) + "&to=" + (H0 + 57 * HOUR + 41 * MIN + 5);
  private static final String WHOLE = "?from=" + H0 + "&to=" + (H0 + HOURS * HOUR);

  private final Clock clock = Clock.systemUTC();
  private Storage storage;
  private TestApiServer api;

  @BeforeEach
  void start() {
    storage = Storage.open(StorageConfig.builder().engine("memory").build());
    SplittableRandom random = new SplittableRandom(11);
    List<MetricPoint> points = new ArrayList<>();
    StatisticsBatch self = new StatisticsBatch();
    for (String agent : AGENTS) {
      storage.applications().register(new AgentInfo("shop", agent, 1001, agent + "-host", H0, H0,
          H0 + HOURS * HOUR, Attributes.of("service.name", "shop", "telemetry.sdk.language", "java")));
      for (long t = H0 + random.nextInt(30_000); t < H0 + HOURS * HOUR; t += 2 * MIN) {
        long nanos = t * 1_000_000L;
        for (String pool : List.of("G1 Eden Space", "G1 Old Gen")) {
          points.add(new MetricPoint(agent, "jvm.memory.used", "By", MetricPoint.Kind.GAUGE,
              Attributes.of("jvm.memory.pool.name", pool, "jvm.memory.type", "heap"), nanos,
              new MetricValue.Scalar(1e6 * random.nextInt(300))));
        }
        points.add(new MetricPoint(agent, "jvm.cpu.time", "s", MetricPoint.Kind.SUM, Attributes.empty(), nanos,
            new MetricValue.Scalar(random.nextDouble())));
        points.add(new MetricPoint(agent, "jvm.thread.count", "{thread}", MetricPoint.Kind.GAUGE,
            Attributes.of("jvm.thread.daemon", random.nextInt(5) == 0), nanos,
            new MetricValue.Scalar(random.nextInt(40))));
        if (!agent.equals("shop-c") || t < H0 + 30 * HOUR) { // a series shop-c stops sending
          points.add(new MetricPoint(agent, "jvm.cpu.recent_utilization", "1", MetricPoint.Kind.GAUGE,
              Attributes.empty(), nanos, new MetricValue.Scalar(random.nextDouble() / 2)));
        }
        Histogram h = Histogram.empty(HistogramSchema.NORMAL);
        for (int i = random.nextInt(6); i > 0; i--) {
          h = h.plus(random.nextInt(2_000), random.nextInt(9) == 0);
        }
        self.addSelf(new SlotValue<>(SlotValue.slotOf(t), new SelfKey("shop", 1000, agent), h));
      }
    }
    storage.metrics().write(points);
    storage.statistics().write(self);
    api = TestApiServer.start(sb -> QueryApi.configure(sb, storage));
  }

  @AfterEach
  void stop() {
    api.close();
    storage.close();
  }

  private String inspector(String range) throws Exception {
    JsonNode body = api.ok("/api/v1/applications/shop/inspector" + range);
    assertThat(body.get("bucketMs").asLong()).isEqualTo(HOUR);
    return body.toString();
  }

  @Test
  void rolledUpHours_answerAsTheLiveAnswer_partialEndsAndAnAgentNotRolledUpLive() throws Exception {
    String partial = inspector(PARTIAL);
    String whole = inspector(WHOLE);
    String cpu = inspector(PARTIAL + "&name=jvm.cpu.recent_utilization");
    assertThat(partial).contains("\"id\":\"heap\"").contains("\"id\":\"tps\"").contains("jvm.thread.count")
        .contains("\"shop-c\"");
    // 1-hour buckets: the range starts at its first bucket's start, which is whole.
    assertThat(inspector("?from=" + H0 + "&to=" + (H0 + 57 * HOUR + 41 * MIN + 5))).isEqualTo(partial);
    storage.metricRollups().rollUp("shop-a", H0 + HOURS * HOUR);
    storage.metricRollups().rollUp("shop-b", H0 + HOURS * HOUR);
    storage.metricRollups().rollUp("shop-c", H0 + 40 * HOUR); // not hour 40 on yet

    ApplicationRollup rollup = new ApplicationRollup(storage, clock);
    assertThat(rollup.rollUp("shop", H0 + HOURS * HOUR)).isEqualTo(40);
    assertThat(rollup.rollUp("shop", H0 + HOURS * HOUR)).isZero(); // hour 40 waits for shop-c
    assertThat(storage.applicationRollups().rolledUpUntil("shop")).isEqualTo(H0 + 40 * HOUR);
    assertThat(storage.applicationRollups().read("shop", H0, H0 + HOURS * HOUR)).hasSize(40);

    assertThat(inspector(PARTIAL)).isEqualTo(partial);
    assertThat(inspector(WHOLE)).isEqualTo(whole);
    assertThat(inspector(PARTIAL + "&name=jvm.cpu.recent_utilization")).isEqualTo(cpu);

    storage.metricRollups().rollUp("shop-c", H0 + HOURS * HOUR);
    assertThat(rollup.rollUp("shop", H0 + HOURS * HOUR)).isEqualTo(20);
    assertThat(inspector(PARTIAL)).isEqualTo(partial);
    assertThat(inspector(WHOLE)).isEqualTo(whole);
  }

  @Test
  void rolledUpHoursWithLiveHoursBetween_answerAsTheLiveAnswer() throws Exception {
    String partial = inspector(PARTIAL);
    AGENTS.forEach(a -> storage.metricRollups().rollUp(a, H0 + HOURS * HOUR));
    InspectorQueries queries = new InspectorQueries(storage, new MapQueries(storage), clock);
    SortedMap<Long, ApplicationRollups.Hour> some = new TreeMap<>();
    for (int h : new int[] {0, 1, 5, 6, 7, 29, 30, 31, 57}) {
      some.put(H0 + h * HOUR, queries.hour("shop", H0 + h * HOUR,
          new MapQueries(storage).agentsSeen("shop", new Params.Range(H0 + h * HOUR, H0 + (h + 1) * HOUR))));
    }
    storage.applicationRollups().write("shop", some, H0 + 58 * HOUR);

    assertThat(inspector(PARTIAL)).isEqualTo(partial);

    // The roll-ups are read: a different hour 6 shows.
    ApplicationRollups.Hour six = some.get(H0 + 6 * HOUR);
    ApplicationRollups.SeriesPoint s = six.series().get(0);
    List<ApplicationRollups.SeriesPoint> changed = new ArrayList<>(six.series());
    changed.set(0, new ApplicationRollups.SeriesPoint(s.name(), s.unit(), s.kind(), s.attributes(),
        new ApplicationRollups.Point(-1, -1, -1, "x", "y")));
    storage.applicationRollups().write("shop",
        new TreeMap<>(java.util.Map.of(H0 + 6 * HOUR, new ApplicationRollups.Hour(changed, six.panels()))),
        H0 + 58 * HOUR);
    assertThat(inspector(PARTIAL)).isNotEqualTo(partial).contains("[" + (H0 + 6 * HOUR) + ",-1.0,-1.0,-1.0,\"x\",\"y\"]");
  }
}
