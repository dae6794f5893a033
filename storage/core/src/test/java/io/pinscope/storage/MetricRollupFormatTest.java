package io.pinscope.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.model.Attributes;
import io.pinscope.model.MetricBucket;
import io.pinscope.model.MetricPoint;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The hourly roll-up value: round trip, and rows written before {@code histogramSumCount} was appended. */
class MetricRollupFormatTest {
  private static final long HOUR = 1_699_999_200_000L;
  private static final MetricSeries LAT = new MetricSeries("lat", Attributes.empty());

  @Test
  void histogramSumCount_roundTrips() {
    MetricBucket b = new MetricBucket("lat", "s", MetricPoint.Kind.HISTOGRAM, Attributes.empty(), HOUR, 3, 1.5,
        0.25, 0.75, 0.5, 9, 1.5, 4);

    assertThat(MetricRollupTable.decode(LAT, HOUR, MetricRollupTable.encode(b), null)).isEqualTo(b);
  }

  @Test
  void anOlderRow_withoutHistogramSumCount_readsItsSumsAsCoveringEveryObservation() {
    MetricBucket b = new MetricBucket("lat", "s", MetricPoint.Kind.HISTOGRAM, Attributes.empty(), HOUR, 1, 0.5,
        0.5, 0.5, 0.5, 3, 1.5, 3);
    byte[] current = MetricRollupTable.encode(b);
    byte[] older = Arrays.copyOf(current, current.length - 1); // the appended varint 3, one byte

    MetricBucket read = MetricRollupTable.decode(LAT, HOUR, older, null);

    assertThat(read).isEqualTo(b);
    assertThat(read.histogramSumCount()).isEqualTo(3);
  }
}
