package io.pinscope.alarm;

import io.pinscope.MutableClock;
import io.pinscope.model.SlotValue;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.time.Instant;

/** The memory engine on a test clock. */
public final class AlarmTestStorage {
  private AlarmTestStorage() {}

  /** A clock at the start of the current minute (so windows hold whole statistics slots). */
  public static MutableClock minuteClock() {
    return new MutableClock(Instant.ofEpochMilli(SlotValue.slotOf(System.currentTimeMillis())));
  }

  /** A memory storage whose expiry runs on {@code clock}. */
  public static Storage memory(MutableClock clock) {
    return Storage.open(StorageConfig.builder().engine("memory").clock(clock).build());
  }
}
