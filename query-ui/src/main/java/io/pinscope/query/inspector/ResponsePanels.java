package io.pinscope.query.inspector;

import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotValue;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The panels of every runtime that come from the response statistics the receiver keeps of entry spans
 * (Pinpoint's "self" histograms, 1-minute slots): {@code tps} (entry spans per second of the time the bucket
 * covers, {@link BucketWindow#coveredSeconds}),
 * {@code responseTime} ({@code avg} and {@code max}, ms) and {@code responseBands} (the calls per band of the
 * histogram's schema, then {@code error}). A bucket without calls has no point.
 */
final class ResponsePanels {
  private ResponsePanels() {}

  /**
   * The panels of {@code slots} (one agent's) in buckets of {@code bucketMillis}, a multiple of a minute, the
   * slots read over {@code window}.
   */
  static List<Panel> of(List<SlotValue<SelfKey>> slots, long bucketMillis, BucketWindow window) {
    SortedMap<Long, Histogram> byBucket = new TreeMap<>();
    for (SlotValue<SelfKey> s : slots) {
      long bucket = Math.floorDiv(s.slotMillis(), bucketMillis) * bucketMillis;
      Histogram before = byBucket.get(bucket);
      // One agent has one service type, so one schema; a histogram of another would not add up.
      if (before == null) {
        byBucket.put(bucket, s.histogram());
      } else if (before.schema() == s.histogram().schema()) {
        byBucket.put(bucket, before.plus(s.histogram()));
      }
    }
    byBucket.values().removeIf(h -> h.totalCount() == 0);
    if (byBucket.isEmpty()) {
      return List.of();
    }
    HistogramSchema schema = byBucket.get(byBucket.firstKey()).schema();
    List<Panel.Series> bands = new ArrayList<>();
    for (int band = 0; band < Histogram.BANDS; band++) {
      int b = band;
      bands.add(series(byBucket, h -> h.successCount(b), schema.bandName(band)));
    }
    bands.add(series(byBucket, Histogram::errorCount, "error"));
    return List.of(
        new Panel("tps", "Transactions per second", "{request}/s",
            List.of(tps(byBucket, bucketMillis, window))),
        new Panel("responseTime", "Response time", "ms", List.of(
            series(byBucket, Histogram::averageMillis, "avg"),
            series(byBucket, Histogram::maxMillis, "max"))),
        new Panel("responseBands", "Response bands", "{request}", bands));
  }

  private static Panel.Series tps(SortedMap<Long, Histogram> byBucket, long bucketMillis, BucketWindow window) {
    SortedMap<Long, Double> points = new TreeMap<>();
    byBucket.forEach((time, h) -> points.put(time, h.totalCount() / window.coveredSeconds(time, bucketMillis)));
    return new Panel.Series("tps", points);
  }

  private static Panel.Series series(SortedMap<Long, Histogram> byBucket,
      ToDoubleFunction<Histogram> value, String label) {
    SortedMap<Long, Double> points = new TreeMap<>();
    byBucket.forEach((time, h) -> points.put(time, value.applyAsDouble(h)));
    return new Panel.Series(label, points);
  }
}
