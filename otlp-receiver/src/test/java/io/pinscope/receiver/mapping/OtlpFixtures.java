package io.pinscope.receiver.mapping;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** OTLP request builders with fixed times for the mapping tests. */
final class OtlpFixtures {
  /** When the {@link CumulativeToDelta} under test was created (epoch ns): 2023-11-14T22:13:20Z. */
  static final long T0 = 1_700_000_000_000_000_000L;
  /** {@link #T0} in epoch ms, the receive time. */
  static final long NOW_MILLIS = T0 / 1_000_000L;
  /** A process that was already running when Pinscope started. */
  static final long OLD_START = T0 - 3_600_000_000_000L;
  /** One export interval. */
  static final long MINUTE = 60_000_000_000L;

  static final AggregationTemporality CUMULATIVE = AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
  static final AggregationTemporality DELTA = AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;

  static Clock clockAtT0() {
    return Clock.fixed(Instant.ofEpochSecond(0, T0), ZoneOffset.UTC);
  }

  static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  /** A Java service's resource: {@code service.name} and {@code service.instance.id}. */
  static Resource resource(String service, String instance) {
    return Resource.newBuilder().addAttributes(kv("service.name", service))
        .addAttributes(kv("service.instance.id", instance))
        .addAttributes(kv("telemetry.sdk.language", "java")).build();
  }

  static ExportMetricsServiceRequest metrics(Resource resource, Metric... metrics) {
    return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(resourceMetrics(resource, metrics)).build();
  }

  static ResourceMetrics resourceMetrics(Resource resource, Metric... metrics) {
    return ResourceMetrics.newBuilder().setResource(resource)
        .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics))).build();
  }

  static NumberDataPoint longPoint(long startNanos, long timeNanos, long value, KeyValue... attributes) {
    return NumberDataPoint.newBuilder().setStartTimeUnixNano(startNanos).setTimeUnixNano(timeNanos)
        .setAsInt(value).addAllAttributes(List.of(attributes)).build();
  }

  static NumberDataPoint doublePoint(long startNanos, long timeNanos, double value, KeyValue... attributes) {
    return NumberDataPoint.newBuilder().setStartTimeUnixNano(startNanos).setTimeUnixNano(timeNanos)
        .setAsDouble(value).addAllAttributes(List.of(attributes)).build();
  }

  static Metric gauge(String name, String unit, NumberDataPoint... points) {
    return Metric.newBuilder().setName(name).setUnit(unit)
        .setGauge(Gauge.newBuilder().addAllDataPoints(List.of(points))).build();
  }

  static Metric sum(String name, AggregationTemporality temporality, boolean monotonic,
      NumberDataPoint... points) {
    return Metric.newBuilder().setName(name).setUnit("1").setSum(Sum.newBuilder()
        .setAggregationTemporality(temporality).setIsMonotonic(monotonic)
        .addAllDataPoints(List.of(points))).build();
  }

  /** A cumulative monotonic sum (a Counter) with one point. */
  static Metric counter(String name, long startNanos, long timeNanos, long value, KeyValue... attributes) {
    return sum(name, CUMULATIVE, true, longPoint(startNanos, timeNanos, value, attributes));
  }

  static Metric histogram(String name, AggregationTemporality temporality, HistogramDataPoint... points) {
    return Metric.newBuilder().setName(name).setUnit("s").setHistogram(Histogram.newBuilder()
        .setAggregationTemporality(temporality).addAllDataPoints(List.of(points))).build();
  }

  /** A histogram point over bounds 0.01, 0.1, 1 with sum, min and max. */
  static HistogramDataPoint histogramPoint(long startNanos, long timeNanos, double sum, double min,
      double max, long... bucketCounts) {
    long count = 0;
    for (long n : bucketCounts) {
      count += n;
    }
    HistogramDataPoint.Builder b = HistogramDataPoint.newBuilder().setStartTimeUnixNano(startNanos)
        .setTimeUnixNano(timeNanos).setCount(count).setSum(sum).setMin(min).setMax(max)
        .addAllExplicitBounds(List.of(0.01, 0.1, 1.0));
    for (long n : bucketCounts) {
      b.addBucketCounts(n);
    }
    return b.build();
  }

  static Metric exponential(String name, AggregationTemporality temporality,
      ExponentialHistogramDataPoint... points) {
    return Metric.newBuilder().setName(name).setUnit("ms").setExponentialHistogram(ExponentialHistogram
        .newBuilder().setAggregationTemporality(temporality).addAllDataPoints(List.of(points))).build();
  }

  /** An exponential histogram point with positive buckets only; count = zero count + buckets. */
  static ExponentialHistogramDataPoint exponentialPoint(long startNanos, long timeNanos, int scale,
      double sum, long zeroCount, int offset, long... counts) {
    long count = zeroCount;
    ExponentialHistogramDataPoint.Buckets.Builder positive =
        ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(offset);
    for (long n : counts) {
      positive.addBucketCounts(n);
      count += n;
    }
    return ExponentialHistogramDataPoint.newBuilder().setStartTimeUnixNano(startNanos)
        .setTimeUnixNano(timeNanos).setScale(scale).setSum(sum).setZeroCount(zeroCount).setCount(count)
        .setPositive(positive).build();
  }

  static Metric summary(String name, long startNanos, long timeNanos, long count, double sum) {
    return Metric.newBuilder().setName(name).setUnit("ms").setSummary(Summary.newBuilder()
        .addDataPoints(SummaryDataPoint.newBuilder().setStartTimeUnixNano(startNanos)
            .setTimeUnixNano(timeNanos).setCount(count).setSum(sum)
            .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(42))))
        .build();
  }

  static ExportLogsServiceRequest logs(Resource resource, LogRecord... records) {
    return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
        .setResource(resource).addScopeLogs(ScopeLogs.newBuilder().addAllLogRecords(List.of(records))))
        .build();
  }

  private OtlpFixtures() {}
}
