package io.pinscope.storage.hbase;

import io.pinscope.storage.compliance.AgentMetricsCompliance;
import io.pinscope.storage.compliance.AlarmStoreCompliance;
import io.pinscope.storage.compliance.ApplicationRegistryCompliance;
import io.pinscope.storage.compliance.ApplicationRollupCompliance;
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
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The storage compliance suite on the {@code hbase} engine, against the JVM's HBase mini-cluster. Each test
 * gets a namespace of its own (the cluster outlives the data directory), with 4 salt buckets: one whose
 * tables an earlier test made and that was emptied after it ({@link MiniHBase#reusedNamespace()}), as
 * creating the 27 tables of the schema for each test would take seconds per test. HBase's TTL
 * follows the region server's wall clock and hides expired cells at read time.
 */
@EngineUnderTest(value = "hbase", ttlOnInjectedClock = false, atomicBatches = false)
@ExtendWith(MiniHBase.class)
class HBaseStorageComplianceTest {
  /** This test's namespace: the same for every open within the test. */
  private final String namespace = MiniHBase.reusedNamespace();

  Map<String, String> options() {
    return MiniHBase.options(namespace);
  }

  @Nested
  class Store extends WideColumnStoreCompliance {
    @Override
    protected Map<String, String> engineOptions() {
      return options();
    }
  }

  @Nested
  class Traces extends TraceRepositoryCompliance {
    @Override
    protected Map<String, String> engineOptions() {
      return options();
    }
  }

  @Nested
  class Scatter extends ScatterIndexCompliance {
    @Override
    protected Map<String, String> engineOptions() {
      return options();
    }
  }

  @Nested
  class Statistics extends MapStatisticsCompliance {
    @Override
    protected Map<String, String> engineOptions() {
      return options();
    }
  }

  @Nested
  class Applications extends ApplicationRegistryCompliance {
    @Override
    protected Map<String, String> engineOptions() {
      return options();
    }
  }

  @Nested
  class Metrics extends AgentMetricsCompliance {
    @Override
    protected Map<String, String> engineOptions() {
      return options();
    }
  }

  @Nested
  class Hosts extends HostRegistryCompliance {
    @Override
    protected Map<String, String> engineOptions() {
      return options();
    }
  }

  @Nested
  class MetricRollups extends MetricRollupCompliance {
    @Override
    protected Map<String, String> engineOptions() {
      return options();
    }
  }

  @Nested
  class ApplicationRollups extends ApplicationRollupCompliance {
    @Override
    protected Map<String, String> engineOptions() {
      return options();
    }
  }

  @Nested
  class Logs extends LogRepositoryCompliance {
    @Override
    protected Map<String, String> engineOptions() {
      return options();
    }
  }

  @Nested
  class Ttl extends RetentionCompliance {
    @Override
    protected Map<String, String> engineOptions() {
      return options();
    }
  }

  @Nested
  class Concurrency extends ConcurrencyCompliance {
    @Override
    protected Map<String, String> engineOptions() {
      return options();
    }
  }

  @Nested
  class Restart extends RestartCompliance {
    @Override
    protected Map<String, String> engineOptions() {
      return options();
    }
  }

  @Nested
  class Alarms extends AlarmStoreCompliance {
    @Override
    protected Map<String, String> engineOptions() {
      return options();
    }
  }
}
