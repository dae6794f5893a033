package io.pinscope.storage.rocksdb;

import io.pinscope.storage.compliance.AgentMetricsCompliance;
import io.pinscope.storage.compliance.ApplicationRegistryCompliance;
import io.pinscope.storage.compliance.ConcurrencyCompliance;
import io.pinscope.storage.compliance.LogRepositoryCompliance;
import io.pinscope.storage.compliance.MapStatisticsCompliance;
import io.pinscope.storage.compliance.RestartCompliance;
import io.pinscope.storage.compliance.RetentionCompliance;
import io.pinscope.storage.compliance.ScatterIndexCompliance;
import io.pinscope.storage.compliance.TraceRepositoryCompliance;
import org.junit.jupiter.api.Nested;

/** The storage compliance suite on the {@code rocksdb} engine. */
class RocksDbStorageComplianceTest {
  private static final String ENGINE = "rocksdb";

  @Nested
  class Traces extends TraceRepositoryCompliance {
    @Override
    protected String engine() {
      return ENGINE;
    }
  }

  @Nested
  class Scatter extends ScatterIndexCompliance {
    @Override
    protected String engine() {
      return ENGINE;
    }
  }

  @Nested
  class Statistics extends MapStatisticsCompliance {
    @Override
    protected String engine() {
      return ENGINE;
    }
  }

  @Nested
  class Applications extends ApplicationRegistryCompliance {
    @Override
    protected String engine() {
      return ENGINE;
    }
  }

  @Nested
  class Metrics extends AgentMetricsCompliance {
    @Override
    protected String engine() {
      return ENGINE;
    }
  }

  @Nested
  class Logs extends LogRepositoryCompliance {
    @Override
    protected String engine() {
      return ENGINE;
    }
  }

  @Nested
  class Ttl extends RetentionCompliance {
    @Override
    protected String engine() {
      return ENGINE;
    }
  }

  @Nested
  class Concurrency extends ConcurrencyCompliance {
    @Override
    protected String engine() {
      return ENGINE;
    }
  }

  @Nested
  class Restart extends RestartCompliance {
    @Override
    protected String engine() {
      return ENGINE;
    }
  }
}
