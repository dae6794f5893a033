package io.pinscope.otel.extension;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Map;

/** Getter and setter for plain {@code Map<String, String>} header carriers. */
final class MapCarrier {
  static final TextMapSetter<Map<String, String>> SETTER = (carrier, key, value) -> carrier.put(key, value);

  static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<Map<String, String>>() {
    @Override
    @SuppressWarnings("deprecation") // still abstract in TextMapGetter 1.67
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private MapCarrier() {}
}
