package io.pinscope.receiver.mapping;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.pinscope.model.AttributeValue;
import io.pinscope.model.Attributes;
import java.util.ArrayList;
import java.util.List;

/** OTLP {@code KeyValue}/{@code AnyValue} to model {@link Attributes}/{@link AttributeValue}, every type kept. */
public final class ProtoAttributes {
  /** The attributes of an OTLP key-value list, in order. */
  public static Attributes of(List<KeyValue> keyValues) {
    if (keyValues.isEmpty()) {
      return Attributes.empty();
    }
    Attributes.Builder b = Attributes.builder();
    for (KeyValue kv : keyValues) {
      b.put(kv.getKey(), value(kv.getValue()));
    }
    return b.build();
  }

  /** One OTLP value. */
  public static AttributeValue value(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> AttributeValue.of(v.getStringValue());
      case BOOL_VALUE -> AttributeValue.of(v.getBoolValue());
      case INT_VALUE -> AttributeValue.of(v.getIntValue());
      case DOUBLE_VALUE -> AttributeValue.of(v.getDoubleValue());
      case BYTES_VALUE -> new AttributeValue.BytesValue(v.getBytesValue().toByteArray());
      case ARRAY_VALUE -> {
        List<AttributeValue> items = new ArrayList<>(v.getArrayValue().getValuesCount());
        for (AnyValue item : v.getArrayValue().getValuesList()) {
          items.add(value(item));
        }
        yield new AttributeValue.ArrayValue(items);
      }
      case KVLIST_VALUE -> new AttributeValue.KeyValueListValue(of(v.getKvlistValue().getValuesList()));
      default -> AttributeValue.EmptyValue.INSTANCE;
    };
  }

  private ProtoAttributes() {}
}
