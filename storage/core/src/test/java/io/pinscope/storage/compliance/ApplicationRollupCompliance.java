package io.pinscope.storage.compliance;

import static io.pinscope.TestObjects.TODAY_MILLIS;
import static io.pinscope.TestObjects.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.model.Attributes;
import io.pinscope.storage.ApplicationRollups;
import io.pinscope.storage.ApplicationRollups.Hour;
import io.pinscope.storage.ApplicationRollups.PanelPoint;
import io.pinscope.storage.ApplicationRollups.Point;
import io.pinscope.storage.ApplicationRollups.SeriesPoint;
import io.pinscope.storage.Storage;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link ApplicationRollups}: hours read back as written (doubles bit for bit, attributes typed), by hour in
 * range, per application; writing again rewrites; progress kept.
 */
public abstract class ApplicationRollupCompliance extends StorageCompliance {
  private static final long HOUR = 3_600_000L;
  private static final long H0 = Math.floorDiv(TODAY_MILLIS, HOUR) * HOUR - 10 * HOUR;

  private static Hour hour(double v) {
    Attributes pool = Attributes.builder().put("jvm.memory.pool.name", "G1 Eden Space").put("n", 3L)
        .put("ok", true).put("d", 0.25).build();
    return new Hour(
        List.of(new SeriesPoint("jvm.memory.used", "By", "GAUGE", pool,
                new Point(v / 3, -0.0, Double.MAX_VALUE, "a-1", "a-2")),
            new SeriesPoint("jvm.cpu.time", "s", "SUM", Attributes.empty(), new Point(v, v, v, "a-1", "a-1"))),
        List.of(new PanelPoint("heap", "Heap", "By", "used", new Point(v + 0.1, 1e-300, 7, "a-2", "a-1"))));
  }

  @Test
  void hoursReadBackInRange_perApplication() {
    Storage storage = open();
    String app = uniqueName("app");
    String other = uniqueName("app");
    SortedMap<Long, Hour> hours = new TreeMap<>();
    for (int i = 0; i < 5; i++) {
      hours.put(H0 + i * HOUR, hour(i + 1.0 / 7));
    }
    storage.applicationRollups().write(app, hours, H0 + 5 * HOUR);
    storage.applicationRollups().write(other, new TreeMap<>(hours.headMap(H0 + HOUR)), H0 + HOUR);

    assertThat(storage.applicationRollups().read(app, H0, H0 + 5 * HOUR)).isEqualTo(hours);
    assertThat(storage.applicationRollups().read(app, H0 + HOUR, H0 + 3 * HOUR))
        .isEqualTo(hours.subMap(H0 + HOUR, H0 + 3 * HOUR));
    assertThat(storage.applicationRollups().read(other, H0, H0 + 5 * HOUR)).containsOnlyKeys(H0);
    assertThat(storage.applicationRollups().read(app, H0 + 2 * HOUR, H0 + 2 * HOUR)).isEmpty();
    assertThat(storage.applicationRollups().rolledUpUntil(app)).isEqualTo(H0 + 5 * HOUR);
    assertThat(storage.applicationRollups().rolledUpUntil(other)).isEqualTo(H0 + HOUR);
    assertThat(storage.applicationRollups().rolledUpUntil(uniqueName("app"))).isZero();
  }

  @Test
  void writingAgainRewrites() {
    Storage storage = open();
    String app = uniqueName("app");
    storage.applicationRollups().write(app, new TreeMap<>(java.util.Map.of(H0, hour(1))), H0 + HOUR);
    storage.applicationRollups().write(app, new TreeMap<>(java.util.Map.of(H0, hour(2))), H0 + HOUR);

    assertThat(storage.applicationRollups().read(app, H0, H0 + HOUR)).containsExactlyEntriesOf(
        new TreeMap<>(java.util.Map.of(H0, hour(2))));
  }
}
