package io.pinscope.alarm;

import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.SelfKey;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SqlKey;
import io.pinscope.model.UriKey;
import io.pinscope.servermap.StatisticsAccumulator;
import io.pinscope.storage.MapStatistics;

/**
 * Calls counted into statistics the way the receiver's statistics writer does: into a
 * {@link StatisticsAccumulator}, written as one {@link MapStatistics#write} batch.
 */
public final class Traffic {
  private final StatisticsAccumulator statistics = new StatisticsAccumulator();

  /** {@code times} requests of {@code application}'s agent {@code agentId} (a JAVA application) at {@code atMillis}. */
  public Traffic self(String application, String agentId, long atMillis, long elapsedMillis, boolean error,
      int times) {
    for (int i = 0; i < times; i++) {
      statistics.self(SlotValue.slotOf(atMillis), new SelfKey(application, ServiceTypeRegistry.JAVA.code(), agentId),
          elapsedMillis, error);
    }
    return this;
  }

  /** {@code times} calls over {@code link} at {@code atMillis}. */
  public Traffic link(LinkKey link, long atMillis, long elapsedMillis, boolean error, int times) {
    for (int i = 0; i < times; i++) {
      statistics.link(SlotValue.slotOf(atMillis), link, elapsedMillis, error);
    }
    return this;
  }

  public Traffic hostMapping(long atMillis, HostMapping mapping) {
    statistics.hostMapping(SlotValue.slotOf(atMillis), mapping);
    return this;
  }

  public Traffic uri(UriKey key, long atMillis, long elapsedMillis, boolean error, int times) {
    for (int i = 0; i < times; i++) {
      statistics.uri(atMillis, key, elapsedMillis, error);
    }
    return this;
  }

  public Traffic sql(SqlKey key, long atMillis, long elapsedMillis, boolean error, int times) {
    for (int i = 0; i < times; i++) {
      statistics.sql(atMillis, key, elapsedMillis, error);
    }
    return this;
  }

  /** Writes what was counted. */
  public void writeTo(MapStatistics sink) {
    sink.write(statistics.toBatch());
  }
}
