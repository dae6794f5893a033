package io.pinscope.receiver.mapping;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.pinscope.model.Attributes;
import io.pinscope.model.HostInfo;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.MetricPoint.Kind;
import io.pinscope.model.MetricValue;
import io.pinscope.model.MetricValue.ExponentialHistogramValue;
import io.pinscope.model.MetricValue.HistogramValue;
import io.pinscope.model.MetricValue.Scalar;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * OTLP metrics to {@link MetricPoint}s of each sending agent. Every OTLP metric type is kept:
 * <ul>
 *   <li><b>Gauge</b> → {@link Kind#GAUGE}, the reading as a {@link Scalar}.
 *   <li><b>Sum</b>, delta temporality → {@link Kind#SUM}, as sent (non-monotonic deltas may be negative).
 *   <li><b>Sum</b>, cumulative and monotonic (a Counter) → {@link Kind#SUM} deltas through
 *       {@link CumulativeToDelta}, so "per interval" charts (GC count, classes loaded, CPU time) are a plain
 *       read.
 *   <li><b>Sum</b>, cumulative and non-monotonic (an UpDownCounter: {@code jvm.memory.used},
 *       {@code jvm.thread.count}) → {@link Kind#GAUGE}, the current level. Its deltas would be signed
 *       changes that only mean something summed from a base nobody stores; the inspector charts levels.
 *   <li><b>Histogram</b> → {@link Kind#HISTOGRAM}, a {@link HistogramValue}; cumulative ones become
 *       per-bucket deltas.
 *   <li><b>ExponentialHistogram</b> → {@link Kind#EXPONENTIAL_HISTOGRAM}, an
 *       {@link ExponentialHistogramValue}; cumulative ones become deltas (bucket-aligned, see
 *       {@link CumulativeToDelta}). The zero threshold and exponential min/max are not kept (the model has
 *       no place for them).
 *   <li><b>Summary</b> (always cumulative) → {@link Kind#HISTOGRAM} deltas of count and sum with no
 *       buckets, so rate and average work like any histogram's; the quantiles are dropped (they cover the
 *       sender's own sliding window, not the interval, so they cannot be stored as deltas).
 * </ul>
 *
 * <p>Point attributes are sorted by key (stable), so one series has one identity whatever order a sender
 * uses. A histogram or exponential histogram without {@code sum} (allowed when it records negative values)
 * is stored with a NaN sum. Points flagged {@code NO_RECORDED_VALUE} (staleness markers) are skipped, not
 * rejected, and so are cumulative points that only establish a base or repeat one.
 *
 * <p>A resource that names no service ({@code service.name}, {@code pinpoint.applicationName}) but has a
 * {@code host.name} is a host (an OTel Collector's {@code hostmetrics} receiver, whose resource the
 * {@code resourcedetection} processor fills with {@code host.name}, {@code os.type}, {@code host.id}): its
 * points become a {@link MappedMetrics.HostBatch}, owned by {@link HostInfo#metricsOwner(String)} (cumulative
 * bases are then kept per host as well). A resource with a service is an agent even when it sends
 * {@code system.*} metrics.
 *
 * <p>Rejected, with a reason: every point of a resource with neither a service nor a host ("missing
 * service.name"), or of an agent whose id starts with the reserved {@link HostInfo#METRICS_OWNER_PREFIX};
 * points of a metric without a name; points with no time, no value, a non-finite value or sum, an
 * out-of-range (above 2^63) count, bucket counts that do not fit the bounds, bounds not strictly increasing,
 * an unspecified aggregation temporality, or a cumulative time older than the series' last one. Exemplars
 * and the instrumentation scope are not kept.
 *
 * <p>Thread-safe when its {@link CumulativeToDelta} is (it is).
 */
public final class MetricMapper {
  private static final int NO_RECORDED_VALUE = DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE;

  private final CumulativeToDelta deltas;

  /** A mapper keeping its cumulative bases in {@code deltas}. */
  public MetricMapper(CumulativeToDelta deltas) {
    this.deltas = requireNonNull(deltas, "deltas");
  }

  /**
   * Maps one request. {@code nowMillis} (epoch ms) stands in for an agent start time the resource does not
   * carry.
   */
  public MappedMetrics map(ExportMetricsServiceRequest request, long nowMillis) {
    requireNonNull(request, "request");
    Rejections rejections = new Rejections();
    List<MappedMetrics.Batch> batches = new ArrayList<>(request.getResourceMetricsCount());
    List<MappedMetrics.HostBatch> hosts = new ArrayList<>();
    int received = 0;
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      received += dataPoints(rm);
      Attributes resource = ProtoAttributes.of(rm.getResource().getAttributesList());
      ResourceIdentity identity = ResourceIdentity.of(resource, nowMillis);
      if (identity == null) {
        String host = resource.text("host.name");
        if (host == null || host.isBlank()) {
          rejections.add(dataPoints(rm), "missing service.name");
        } else {
          hosts.add(new MappedMetrics.HostBatch(host, resource,
              points(rm, HostInfo.metricsOwner(host), rejections)));
        }
      } else if (identity.agentId().startsWith(HostInfo.METRICS_OWNER_PREFIX)) {
        rejections.add(dataPoints(rm), "agent id starts with the prefix reserved for host metrics");
      } else {
        batches.add(new MappedMetrics.Batch(identity, points(rm, identity.agentId(), rejections)));
      }
    }
    return new MappedMetrics(batches, hosts, received, rejections.count(), rejections.reasons());
  }

  /** The points of every metric of {@code rm}, owned by {@code owner} (an agent id). */
  private List<MetricPoint> points(ResourceMetrics rm, String owner, Rejections rejections) {
    List<MetricPoint> points = new ArrayList<>();
    for (ScopeMetrics sm : rm.getScopeMetricsList()) {
      for (Metric metric : sm.getMetricsList()) {
        new Sink(owner, metric, points, rejections).map(metric);
      }
    }
    return points;
  }

  /** Maps the points of one metric into {@code out}. */
  private final class Sink {
    private final String agentId;
    private final String name;
    private final String unit;
    private final List<MetricPoint> out;
    private final Rejections rejections;

    Sink(String agentId, Metric metric, List<MetricPoint> out, Rejections rejections) {
      this.agentId = agentId;
      this.name = metric.getName();
      this.unit = metric.getUnit();
      this.out = out;
      this.rejections = rejections;
    }

    void map(Metric metric) {
      if (name.isEmpty()) {
        rejections.add(dataPoints(metric), "metric without a name");
        return;
      }
      switch (metric.getDataCase()) {
        case GAUGE -> gauge(metric.getGauge().getDataPointsList());
        case SUM -> sum(metric.getSum().getDataPointsList(), metric.getSum().getAggregationTemporality(),
            metric.getSum().getIsMonotonic());
        case HISTOGRAM -> histogram(metric.getHistogram().getDataPointsList(),
            metric.getHistogram().getAggregationTemporality());
        case EXPONENTIAL_HISTOGRAM -> exponential(metric.getExponentialHistogram().getDataPointsList(),
            metric.getExponentialHistogram().getAggregationTemporality());
        case SUMMARY -> summary(metric.getSummary().getDataPointsList());
        default -> {
          // DATA_NOT_SET: a metric with no points; nothing to store or reject.
        }
      }
    }

    private void gauge(List<NumberDataPoint> points) {
      for (NumberDataPoint p : points) {
        if ((p.getFlags() & NO_RECORDED_VALUE) != 0) {
          continue;
        }
        String fault = orElse(timeFault(p.getTimeUnixNano()), numberFault(p));
        if (fault != null) {
          reject(fault);
          continue;
        }
        emit(Kind.GAUGE, attributes(p.getAttributesList()), p.getTimeUnixNano(), number(p));
      }
    }

    private void sum(List<NumberDataPoint> points, AggregationTemporality temporality, boolean monotonic) {
      for (NumberDataPoint p : points) {
        if ((p.getFlags() & NO_RECORDED_VALUE) != 0) {
          continue;
        }
        String fault = orElse(temporalityFault(temporality),
            orElse(timeFault(p.getTimeUnixNano()), numberFault(p)));
        if (fault != null) {
          reject(fault);
          continue;
        }
        Attributes attributes = attributes(p.getAttributesList());
        if (temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA) {
          emit(Kind.SUM, attributes, p.getTimeUnixNano(), number(p));
        } else if (!monotonic) {
          emit(Kind.GAUGE, attributes, p.getTimeUnixNano(), number(p));
        } else {
          cumulative(Kind.SUM, attributes, p.getStartTimeUnixNano(), p.getTimeUnixNano(), number(p));
        }
      }
    }

    private void histogram(List<HistogramDataPoint> points, AggregationTemporality temporality) {
      for (HistogramDataPoint p : points) {
        if ((p.getFlags() & NO_RECORDED_VALUE) != 0) {
          continue;
        }
        String fault = orElse(temporalityFault(temporality),
            orElse(timeFault(p.getTimeUnixNano()), histogramFault(p)));
        if (fault != null) {
          reject(fault);
          continue;
        }
        boolean buckets = p.getBucketCountsCount() > 0;
        HistogramValue value = new HistogramValue(p.getCount(), p.hasSum() ? p.getSum() : Double.NaN,
            p.hasMin() && Double.isFinite(p.getMin()) ? p.getMin() : null,
            p.hasMax() && Double.isFinite(p.getMax()) ? p.getMax() : null,
            buckets ? p.getExplicitBoundsList() : List.of(), p.getBucketCountsList());
        deltaOrCumulative(Kind.HISTOGRAM, temporality, attributes(p.getAttributesList()),
            p.getStartTimeUnixNano(), p.getTimeUnixNano(), value);
      }
    }

    private void exponential(List<ExponentialHistogramDataPoint> points, AggregationTemporality temporality) {
      for (ExponentialHistogramDataPoint p : points) {
        if ((p.getFlags() & NO_RECORDED_VALUE) != 0) {
          continue;
        }
        String fault = orElse(temporalityFault(temporality),
            orElse(timeFault(p.getTimeUnixNano()), exponentialFault(p)));
        if (fault != null) {
          reject(fault);
          continue;
        }
        ExponentialHistogramValue value = new ExponentialHistogramValue(p.getCount(),
            p.hasSum() ? p.getSum() : Double.NaN, p.getScale(), p.getZeroCount(),
            p.getPositive().getOffset(), p.getPositive().getBucketCountsList(),
            p.getNegative().getOffset(), p.getNegative().getBucketCountsList());
        deltaOrCumulative(Kind.EXPONENTIAL_HISTOGRAM, temporality, attributes(p.getAttributesList()),
            p.getStartTimeUnixNano(), p.getTimeUnixNano(), value);
      }
    }

    private void summary(List<SummaryDataPoint> points) {
      for (SummaryDataPoint p : points) {
        if ((p.getFlags() & NO_RECORDED_VALUE) != 0) {
          continue;
        }
        String fault = orElse(timeFault(p.getTimeUnixNano()), countFault(p.getCount()));
        if (fault == null && !Double.isFinite(p.getSum())) {
          fault = "sum is not finite";
        }
        if (fault != null) {
          reject(fault);
          continue;
        }
        HistogramValue value = new HistogramValue(p.getCount(), p.getSum(), null, null, List.of(), List.of());
        cumulative(Kind.HISTOGRAM, attributes(p.getAttributesList()), p.getStartTimeUnixNano(),
            p.getTimeUnixNano(), value);
      }
    }

    private void deltaOrCumulative(Kind kind, AggregationTemporality temporality, Attributes attributes,
        long startNanos, long timeNanos, MetricValue value) {
      if (temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA) {
        emit(kind, attributes, timeNanos, value);
      } else {
        cumulative(kind, attributes, startNanos, timeNanos, value);
      }
    }

    private void cumulative(Kind kind, Attributes attributes, long startNanos, long timeNanos,
        MetricValue value) {
      CumulativeToDelta.Outcome outcome = deltas.next(
          new CumulativeToDelta.Series(agentId, name, kind, attributes), Math.max(startNanos, 0), timeNanos,
          value);
      if (outcome instanceof CumulativeToDelta.Delta delta) {
        emit(kind, attributes, timeNanos, delta.value());
      } else if (outcome == CumulativeToDelta.NoDelta.OUT_OF_ORDER) {
        reject("cumulative point older than the last one of its series");
      }
    }

    private void emit(Kind kind, Attributes attributes, long timeNanos, MetricValue value) {
      out.add(new MetricPoint(agentId, name, unit, kind, attributes, timeNanos, value));
    }

    private void reject(String reason) {
      rejections.add(1, name + ": " + reason);
    }
  }

  private static Scalar number(NumberDataPoint p) {
    return new Scalar(p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble());
  }

  private static @Nullable String orElse(@Nullable String first, @Nullable String second) {
    return first != null ? first : second;
  }

  private static @Nullable String timeFault(long timeNanos) {
    // fixed64 above 2^63 reads negative: no meaningful time either.
    return timeNanos <= 0 ? "missing time_unix_nano" : null;
  }

  private static @Nullable String temporalityFault(AggregationTemporality temporality) {
    return temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
        || temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE
        ? null : "aggregation temporality unspecified";
  }

  private static @Nullable String numberFault(NumberDataPoint p) {
    return switch (p.getValueCase()) {
      case AS_INT -> null;
      case AS_DOUBLE -> Double.isFinite(p.getAsDouble()) ? null : "value is not finite";
      default -> "no value";
    };
  }

  private static @Nullable String countFault(long count) {
    return count < 0 ? "count out of range" : null;
  }

  private static @Nullable String histogramFault(HistogramDataPoint p) {
    int buckets = p.getBucketCountsCount();
    int bounds = p.getExplicitBoundsCount();
    if (buckets != 0 && buckets != bounds + 1) {
      return "bucket_counts do not fit explicit_bounds (expected: one more count than bounds)";
    }
    for (int i = 1; i < bounds; i++) {
      if (!(p.getExplicitBounds(i) > p.getExplicitBounds(i - 1))) {
        return "explicit_bounds not strictly increasing";
      }
    }
    if (bounds > 0 && Double.isNaN(p.getExplicitBounds(0))) {
      return "explicit_bounds not strictly increasing";
    }
    return orElse(countFault(p.getCount()), orElse(countsFault(p.getBucketCountsList()), sumFault(p.hasSum(),
        p.getSum())));
  }

  private static @Nullable String exponentialFault(ExponentialHistogramDataPoint p) {
    String fault = orElse(countFault(p.getCount()), countFault(p.getZeroCount()));
    fault = orElse(fault, orElse(countsFault(p.getPositive().getBucketCountsList()),
        countsFault(p.getNegative().getBucketCountsList())));
    return orElse(fault, sumFault(p.hasSum(), p.getSum()));
  }

  private static @Nullable String countsFault(List<Long> counts) {
    for (long n : counts) {
      if (n < 0) {
        return "count out of range";
      }
    }
    return null;
  }

  private static @Nullable String sumFault(boolean hasSum, double sum) {
    return hasSum && !Double.isFinite(sum) ? "sum is not finite" : null;
  }

  /** Point attributes sorted by key (stable, duplicates kept). */
  static Attributes attributes(List<KeyValue> keyValues) {
    Attributes attributes = ProtoAttributes.of(keyValues);
    List<Attributes.Attribute> entries = attributes.entries();
    for (int i = 1; i < entries.size(); i++) {
      if (entries.get(i - 1).key().compareTo(entries.get(i).key()) > 0) {
        List<Attributes.Attribute> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Attributes.Attribute::key));
        return new Attributes(sorted);
      }
    }
    return attributes;
  }

  private static int dataPoints(ResourceMetrics rm) {
    int n = 0;
    for (ScopeMetrics sm : rm.getScopeMetricsList()) {
      for (Metric m : sm.getMetricsList()) {
        n += dataPoints(m);
      }
    }
    return n;
  }

  private static int dataPoints(Metric m) {
    return switch (m.getDataCase()) {
      case GAUGE -> m.getGauge().getDataPointsCount();
      case SUM -> m.getSum().getDataPointsCount();
      case HISTOGRAM -> m.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
      case SUMMARY -> m.getSummary().getDataPointsCount();
      default -> 0;
    };
  }
}
