package io.pinscope.storage.compliance;

import static io.pinscope.TestObjects.TODAY_MILLIS;
import static io.pinscope.TestObjects.agent;
import static io.pinscope.TestObjects.randomTraceId;
import static io.pinscope.TestObjects.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.ScatterDot;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotValue;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.storage.Retention;
import io.pinscope.storage.ScatterIndex.ScatterQuery;
import io.pinscope.storage.StatisticsBatch;
import io.pinscope.storage.Storage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TTL: data past its kind's retention disappears once the engine purges, data kept forever stays. Engines
 * whose TTL follows the wall clock need a real second or two for a one-second TTL (see
 * {@link StorageCompliance#expireAndPurge}).
 */
public abstract class RetentionCompliance extends StorageCompliance {
  @Test
  protected void expiredData_isGone_foreverDataStays() {
    Duration second = Duration.ofSeconds(1);
    Storage storage = open(new Retention(second, second, second, second, Duration.ZERO));
    TraceId traceId = randomTraceId();
    StoredSpan span = span(traceId, "orders", 0).build();
    long slot = SlotValue.slotOf(span.startEpochMillis());
    SelfKey self = new SelfKey("orders", 1001, "orders-1");
    storage.traces().write(List.of(span));
    storage.scatter().write(List.of(ScatterDot.of(span)));
    storage.statistics().write(new StatisticsBatch()
        .addSelf(new SlotValue<>(slot, self, Histogram.of(HistogramSchema.NORMAL, 5, false))));
    storage.applications().register(agent("orders", "orders-1", TODAY_MILLIS));
    assertThat(storage.traces().find(traceId).spans()).containsExactly(span);

    expireAndPurge(storage.store(), second);

    assertThat(storage.traces().find(traceId).spans()).isEmpty();
    assertThat(storage.scatter().scan(new ScatterQuery("orders", 0, Long.MAX_VALUE, 10, null)).dots()).isEmpty();
    assertThat(storage.statistics().readSelf("orders", slot, slot + SlotValue.SLOT_MILLIS)).isEmpty();
    assertThat(storage.applications().agent("orders-1")).isPresent();
  }
}
