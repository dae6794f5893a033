package io.pinscope.storage.compliance;

import static io.pinscope.TestObjects.TODAY_MILLIS;
import static io.pinscope.TestObjects.agent;
import static io.pinscope.TestObjects.everyField;
import static io.pinscope.TestObjects.randomTraceId;
import static io.pinscope.TestObjects.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pinscope.model.AgentInfo;
import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.ScatterDot;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotValue;
import io.pinscope.model.StoredLog;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.model.PinpointTraceState;
import io.pinscope.storage.ScatterIndex.ScatterQuery;
import io.pinscope.storage.StatisticsBatch;
import io.pinscope.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A store written, closed and reopened keeps every span, index entry and counter. */
public abstract class RestartCompliance extends StorageCompliance {
  @Test
  protected void closeAndReopen_keepsEverything() {
    assumeTrue(engineUnderTest().persistent(), engine() + " keeps data in memory only");
    TraceId traceId = randomTraceId();
    List<StoredSpan> spans = new ArrayList<>(List.of(everyField(traceId)));
    for (int i = 0; i < 50; i++) {
      spans.add(span(traceId, "orders", i).build());
    }
    List<ScatterDot> dots = spans.stream().map(ScatterDot::of).toList();
    long slot = SlotValue.slotOf(TODAY_MILLIS + 3_600_000L);
    SelfKey self = new SelfKey("orders", 1001, "orders-1");
    LinkKey link = new LinkKey("orders", 1001, "orders-db", 2100, "db:3306");
    Histogram h = Histogram.empty(HistogramSchema.NORMAL).plus(120, false).plus(4_200, true);
    HostMapping host = new HostMapping("web", "orders:8080", "orders", 1001);
    AgentInfo agent = agent("orders", "orders-1", TODAY_MILLIS);
    List<MetricPoint> metrics = AgentMetricsCompliance.everyType("orders-1");
    StoredLog log = LogRepositoryCompliance.log(traceId, 5, "restart me");

    try (Storage storage = open()) {
      storage.traces().write(spans);
      storage.scatter().write(dots);
      storage.statistics().write(new StatisticsBatch().addSelf(new SlotValue<>(slot, self, h))
          .addLink(new SlotValue<>(slot, link, h)).addHostMapping(slot, host));
      storage.statistics().write(new StatisticsBatch().addSelf(new SlotValue<>(slot, self, h)));
      storage.applications().register(agent);
      storage.metrics().write(metrics);
      storage.logs().write(List.of(log));
    }

    try (Storage storage = open()) {
      assertThat(storage.traces().find(traceId).spans()).containsExactlyInAnyOrderElementsOf(spans);
      String txId = PinpointTraceState.transactionId(spans.get(0).traceState());
      assertThat(storage.traces().findByTransactionId(txId)).contains(traceId);
      assertThat(storage.scatter().scan(new ScatterQuery("orders", 0, Long.MAX_VALUE, 1_000, null)).dots())
          .containsExactlyInAnyOrderElementsOf(dots.stream().filter(d -> d.applicationName().equals("orders")).toList());
      assertThat(storage.statistics().readSelf("orders", slot, slot + SlotValue.SLOT_MILLIS))
          .containsExactly(new SlotValue<>(slot, self, h.plus(h)));
      assertThat(storage.statistics().readOutLinks("orders", slot, slot + SlotValue.SLOT_MILLIS))
          .containsExactly(new SlotValue<>(slot, link, h));
      assertThat(storage.statistics().readHostMappings("web", slot, slot + SlotValue.SLOT_MILLIS))
          .containsExactly(host);
      assertThat(storage.applications().agent("orders-1")).contains(agent);
      assertThat(storage.metrics().read("orders-1", 0, Long.MAX_VALUE, 100))
          .containsExactlyInAnyOrderElementsOf(metrics);
      assertThat(storage.logs().findByTrace(traceId, 10)).containsExactly(log);
    }
  }
}
