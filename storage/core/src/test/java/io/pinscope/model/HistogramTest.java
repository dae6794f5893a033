package io.pinscope.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HistogramTest {
  @Test
  void normalBands_upperBoundsInclusive() {
    assertThat(HistogramSchema.NORMAL.band(1_000)).isZero();
    assertThat(HistogramSchema.NORMAL.band(1_001)).isEqualTo(1);
    assertThat(HistogramSchema.NORMAL.band(3_000)).isEqualTo(1);
    assertThat(HistogramSchema.NORMAL.band(5_000)).isEqualTo(2);
    assertThat(HistogramSchema.NORMAL.band(5_001)).isEqualTo(3);
    assertThat(HistogramSchema.NORMAL.bandName(3)).isEqualTo("slow");
  }

  @Test
  void fastBands_forCaches() {
    assertThat(HistogramSchema.FAST.band(100)).isZero();
    assertThat(HistogramSchema.FAST.band(300)).isEqualTo(1);
    assertThat(HistogramSchema.FAST.band(499)).isEqualTo(2);
    assertThat(HistogramSchema.FAST.band(501)).isEqualTo(3);
    assertThat(ServiceTypeRegistry.REDIS.histogramSchema()).isEqualTo(HistogramSchema.FAST);
    assertThat(ServiceTypeRegistry.MYSQL.histogramSchema()).isEqualTo(HistogramSchema.NORMAL);
  }

  @Test
  void quantileUpperBound_isTheBandBoundHoldingTheRank_cappedByTheMax() {
    Histogram h = Histogram.empty(HistogramSchema.FAST);
    assertThat(h.quantileUpperBoundMillis(0.95)).isZero();
    for (int i = 0; i < 19; i++) {
      h = h.plus(20, false);
    }
    assertThat(h.quantileUpperBoundMillis(0.95)).isEqualTo(20); // all in band 0: the max, 20 ms, bounds it
    h = h.plus(450, true); // 20 calls: rank 19 still in band 0, bounded by its 100 ms
    assertThat(h.quantileUpperBoundMillis(0.95)).isEqualTo(100);
    h = h.plus(2_000, false); // 21 calls: rank 20 in band 2 (300..500 ms]
    assertThat(h.quantileUpperBoundMillis(0.95)).isEqualTo(500);
    assertThat(h.quantileUpperBoundMillis(1)).isEqualTo(2_000); // the slow band: its max
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Histogram.empty(HistogramSchema.FAST)
        .quantileUpperBoundMillis(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("q: 0.0 (expected: > 0 and <= 1)");
  }

  @Test
  void plus_countsSumAndMax() {
    Histogram h = Histogram.empty(HistogramSchema.NORMAL).plus(200, false).plus(4_000, true).plus(9_000, false);

    assertThat(h.totalCount()).isEqualTo(3);
    assertThat(h.errorCount()).isEqualTo(1);
    assertThat(h.slowCount()).isEqualTo(1);
    assertThat(h.sumMillis()).isEqualTo(13_200);
    assertThat(h.maxMillis()).isEqualTo(9_000);
    assertThat(h.averageMillis()).isEqualTo(4_400);
    assertThat(h.plus(h).totalCount()).isEqualTo(6);
    assertThat(h.plus(-5, false).successCount(0)).isEqualTo(2);
  }

  @Test
  void plus_otherSchema_isRejected() {
    assertThatThrownBy(() -> Histogram.empty(HistogramSchema.NORMAL).plus(Histogram.empty(HistogramSchema.FAST)))
        .hasMessage("schema: FAST (expected: NORMAL)");
  }
}
