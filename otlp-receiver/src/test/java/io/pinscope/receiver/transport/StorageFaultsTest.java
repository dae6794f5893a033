package io.pinscope.receiver.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.storage.spi.StorageUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The fault state leaves on a success only when the engine no longer reports its own fault. */
class StorageFaultsTest {
  @Test
  void exportThatWroteNothing_whileTheEngineStillReportsAFault_doesNotEndTheFault() {
    AtomicReference<String> engineFault = new AtomicReference<>("disk full");
    StorageFaults faults = new StorageFaults(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), engineFault::get);
    faults.failed(new StorageUnavailableException("disk full", "no space left"));

    faults.succeeded(); // e.g. an empty export, or one whose items were all rejected: nothing was written

    assertThat(faults.faulted()).isTrue();
    assertThat(faults.refuseNow()).as("still refused at once, same retry hint").isNotNull()
        .extracting(Failure::retryAfterSeconds).isEqualTo(1);

    engineFault.set(null);
    faults.succeeded();
    assertThat(faults.faulted()).isFalse();
    assertThat(faults.refuseNow()).isNull();
  }
}
