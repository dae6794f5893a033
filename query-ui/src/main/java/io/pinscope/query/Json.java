package io.pinscope.query;

import io.pinscope.model.AttributeValue;
import io.pinscope.model.Attributes;
import io.pinscope.model.Histogram;
import io.pinscope.model.SpanIds;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Shapes model values into JSON-ready maps, lists and numbers (field names as in API.md). */
final class Json {
  /**
   * A histogram as {@code {"1s","3s","5s","slow","error"}} (FAST: {@code "100ms","300ms","500ms"}): the
   * successful calls per band, then every failed call.
   */
  static Map<String, Long> histogram(@Nullable Histogram h, boolean fast) {
    Map<String, Long> m = new LinkedHashMap<>();
    String[] names = fast ? new String[] {"100ms", "300ms", "500ms", "slow"} : new String[] {"1s", "3s", "5s", "slow"};
    for (int band = 0; band < Histogram.BANDS; band++) {
      m.put(names[band], h == null ? 0L : h.successCount(band));
    }
    m.put("error", h == null ? 0L : h.errorCount());
    return m;
  }

  /** Nanoseconds as milliseconds with 3 decimals. */
  static double millis(long nanos) {
    return BigDecimal.valueOf(nanos).movePointLeft(6).setScale(3, RoundingMode.HALF_UP).doubleValue();
  }

  /** A double rounded to 3 decimals. */
  static double round3(double v) {
    return Double.isFinite(v) ? BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).doubleValue() : 0;
  }

  /** A span id as 16 hex digits, null for "no parent". */
  static @Nullable String spanId(long id) {
    return id == SpanIds.NONE ? null : SpanIds.toHex(id);
  }

  /** Attributes as an object (a repeated key keeps its first value), values in their JSON types. */
  static Map<String, Object> attributes(Attributes attributes) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Attributes.Attribute a : attributes.entries()) {
      m.putIfAbsent(a.key(), value(a.value()));
    }
    return m;
  }

  /** One attribute value: strings, booleans, numbers, arrays and objects as such, bytes as hex. */
  static Object value(AttributeValue v) {
    if (v instanceof AttributeValue.StringValue s) {
      return s.value();
    } else if (v instanceof AttributeValue.BoolValue b) {
      return b.value();
    } else if (v instanceof AttributeValue.LongValue l) {
      return l.value();
    } else if (v instanceof AttributeValue.DoubleValue d) {
      return Double.isFinite(d.value()) ? d.value() : Double.toString(d.value());
    } else if (v instanceof AttributeValue.ArrayValue a) {
      List<Object> out = new ArrayList<>();
      a.values().forEach(x -> out.add(value(x)));
      return out;
    } else if (v instanceof AttributeValue.KeyValueListValue kv) {
      return attributes(kv.values());
    }
    return v.asText();
  }

  private Json() {}
}
