package io.pinscope.storage.rocksdb;

import io.pinscope.storage.compliance.AgentMetricsCompliance;
import io.pinscope.storage.compliance.AlarmStoreCompliance;
import io.pinscope.storage.compliance.ApplicationRollupCompliance;
import io.pinscope.storage.compliance.ApplicationRegistryCompliance;
import io.pinscope.storage.compliance.ConcurrencyCompliance;
import io.pinscope.storage.compliance.EngineUnderTest;
import io.pinscope.storage.compliance.HostRegistryCompliance;
import io.pinscope.storage.compliance.LogRepositoryCompliance;
import io.pinscope.storage.compliance.MapStatisticsCompliance;
import io.pinscope.storage.compliance.MetricRollupCompliance;
import io.pinscope.storage.compliance.RestartCompliance;
import io.pinscope.storage.compliance.RetentionCompliance;
import io.pinscope.storage.compliance.ScatterIndexCompliance;
import io.pinscope.storage.compliance.TraceRepositoryCompliance;
import io.pinscope.storage.compliance.WideColumnStoreCompliance;
import org.junit.jupiter.api.Nested;

/**
 * The storage compliance suite on the {@code rocksdb} engine. Its TTL is RocksDB's {@code TtlDB}: wall
 * clock, one-second resolution, expired cells dropped by compaction only, and a compaction that merges a
 * counter or max cell stamps the result anew (see {@link RocksDbEngineProvider}).
 */
@EngineUnderTest(value = "rocksdb", ttlOnInjectedClock = false, hidesExpiredBeforePurge = false,
    expiresMergedCellsAtFirstPurge = false)
class RocksDbStorageComplianceTest {
  @Nested
  class Store extends WideColumnStoreCompliance {}

  @Nested
  class Traces extends TraceRepositoryCompliance {}

  @Nested
  class Scatter extends ScatterIndexCompliance {}

  @Nested
  class Statistics extends MapStatisticsCompliance {}

  @Nested
  class Applications extends ApplicationRegistryCompliance {}

  @Nested
  class Metrics extends AgentMetricsCompliance {}

  @Nested
  class Hosts extends HostRegistryCompliance {}

  @Nested
  class MetricRollups extends MetricRollupCompliance {}

  @Nested
  class ApplicationRollups extends ApplicationRollupCompliance {}

  @Nested
  class Logs extends LogRepositoryCompliance {}

  @Nested
  class Ttl extends RetentionCompliance {}

  @Nested
  class Concurrency extends ConcurrencyCompliance {}

  @Nested
  class Restart extends RestartCompliance {}

  @Nested
  class Alarms extends AlarmStoreCompliance {}
}
