package io.pinscope.storage.compliance;

import static io.pinscope.TestObjects.BASE_NANOS;
import static io.pinscope.TestObjects.randomSpanId;
import static io.pinscope.TestObjects.randomTraceId;
import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.model.AttributeValue;
import io.pinscope.model.Attributes;
import io.pinscope.model.SpanIds;
import io.pinscope.model.StoredLog;
import io.pinscope.model.TraceId;
import io.pinscope.storage.LogRepository;
import io.pinscope.storage.Storage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LogRepository}: records by trace (time order, nothing de-duplicated) and uncorrelated ones. */
public abstract class LogRepositoryCompliance extends StorageCompliance {
  static StoredLog log(TraceId traceId, long offsetNanos, String body) {
    return new StoredLog(BASE_NANOS + offsetNanos, BASE_NANOS + offsetNanos + 10, 9, "INFO",
        AttributeValue.of(body), Attributes.of("logger", "com.example.Orders"), traceId,
        traceId == null ? SpanIds.NONE : randomSpanId(), 1, "orders", "orders-1");
  }

  @Test
  protected void findByTrace_timeOrdered_duplicatesKept() {
    Storage storage = open();
    TraceId traceId = randomTraceId();
    StoredLog second = log(traceId, 2_000, "charged");
    StoredLog first = log(traceId, 1_000, "order received");
    storage.logs().write(List.of(second, first, first));
    storage.logs().write(List.of(log(randomTraceId(), 1_500, "another trace")));

    assertThat(storage.logs().findByTrace(traceId, 100)).containsExactly(first, first, second);
    assertThat(storage.logs().findByTrace(traceId, 1)).containsExactly(first);
  }

  @Test
  protected void uncorrelated_readByAgentAndTime() {
    Storage storage = open();
    StoredLog a = log(null, 1_000_000, "startup");
    StoredLog b = log(null, 3_000_000_000L, "later");
    storage.logs().write(List.of(b, a));
    long ms = BASE_NANOS / 1_000_000L;

    assertThat(storage.logs().findUncorrelated("orders-1", ms, ms + 10_000, 10)).containsExactly(a, b);
    assertThat(storage.logs().findUncorrelated("orders-1", ms + 2_000, ms + 10_000, 10)).containsExactly(b);
    assertThat(storage.logs().findUncorrelated("orders-2", ms, ms + 10_000, 10)).isEmpty();
  }
}
