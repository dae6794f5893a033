package io.pinscope.receiver;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The receiver's self-observability: counters (requests by outcome, items received/accepted/rejected by
 * reason, bytes) and gauges (in-flight bytes, queue depth, statistics pairing and flushing), rendered in
 * the Prometheus text format. Thread-safe; counters never reset.
 */
public final class ReceiverMetrics {
  private final Map<String, Map<String, LongAdder>> counters = new ConcurrentSkipListMap<>();
  private final Map<String, String> help = new ConcurrentHashMap<>();
  private final Map<String, DoubleSupplier> gauges = new ConcurrentSkipListMap<>();
  private final Map<String, LongSupplier> counterFunctions = new ConcurrentSkipListMap<>();

  /** Adds {@code delta} to the counter {@code name} with labels given as alternating names and values. */
  public void count(String name, long delta, String... labels) {
    if (delta == 0) {
      return;
    }
    counters.computeIfAbsent(name, n -> new ConcurrentSkipListMap<>())
        .computeIfAbsent(labels(labels), l -> new LongAdder()).add(delta);
  }

  /** The current value of a counter series (0 when never counted). */
  public long counter(String name, String... labels) {
    Map<String, LongAdder> series = counters.get(name);
    LongAdder a = series == null ? null : series.get(labels(labels));
    return a == null ? 0 : a.sum();
  }

  /** Describes a metric for the {@code # HELP} line. */
  public void describe(String name, String text) {
    help.put(name, text);
  }

  /** Registers a gauge read when rendering. */
  public void gauge(String name, String text, DoubleSupplier value) {
    help.put(name, text);
    gauges.put(name, value);
  }

  /**
   * Registers a counter kept elsewhere, read when rendering; {@code value} must never decrease (a
   * {@code _total} name, by Prometheus convention).
   */
  public void counterFunction(String name, String text, LongSupplier value) {
    help.put(name, text);
    counterFunctions.put(name, value);
  }

  /** Everything in the Prometheus text exposition format (version 0.0.4). */
  public String prometheusText() {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Map<String, LongAdder>> c : new TreeMap<>(counters).entrySet()) {
      header(b, c.getKey(), "counter");
      c.getValue().forEach((labels, v) -> b.append(c.getKey()).append(labels).append(' ').append(v.sum()).append('\n'));
    }
    for (Map.Entry<String, LongSupplier> c : counterFunctions.entrySet()) {
      header(b, c.getKey(), "counter");
      b.append(c.getKey()).append(' ').append(c.getValue().getAsLong()).append('\n');
    }
    for (Map.Entry<String, DoubleSupplier> g : gauges.entrySet()) {
      header(b, g.getKey(), "gauge");
      b.append(g.getKey()).append(' ').append(format(g.getValue().getAsDouble())).append('\n');
    }
    return b.toString();
  }

  private void header(StringBuilder b, String name, String type) {
    String text = help.get(name);
    if (text != null) {
      b.append("# HELP ").append(name).append(' ').append(text).append('\n');
    }
    b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static String labels(String... labels) {
    if (labels.length == 0) {
      return "";
    }
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels: " + labels.length + " items (expected: name/value pairs)");
    }
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < labels.length; i += 2) {
      if (i > 0) {
        b.append(',');
      }
      b.append(labels[i]).append("=\"").append(labels[i + 1].replace("\\", "\\\\").replace("\"", "\\\"")
          .replace("\n", "\\n")).append('"');
    }
    return b.append('}').toString();
  }
}
