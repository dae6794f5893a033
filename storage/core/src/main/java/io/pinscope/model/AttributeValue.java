package io.pinscope.model;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;

/**
 * A typed OTel attribute value ({@code AnyValue}): every OTLP type is kept as it arrived, including
 * nested arrays and key-value lists, so nothing is flattened to strings.
 */
public sealed interface AttributeValue {
  /** A string value. */
  static AttributeValue of(String value) {
    return new StringValue(value);
  }

  /** A boolean value. */
  static AttributeValue of(boolean value) {
    return new BoolValue(value);
  }

  /** A 64-bit integer value. */
  static AttributeValue of(long value) {
    return new LongValue(value);
  }

  /** A double value. */
  static AttributeValue of(double value) {
    return new DoubleValue(value);
  }

  /** A human-readable rendering (strings unquoted, arrays as {@code [a, b]}). */
  String asText();

  /** OTLP's empty {@code AnyValue}. */
  record EmptyValue() implements AttributeValue {
    /** The single instance. */
    public static final EmptyValue INSTANCE = new EmptyValue();

    @Override
    public String asText() {
      return "";
    }
  }

  /** A string. */
  record StringValue(String value) implements AttributeValue {
    public StringValue {
      requireNonNull(value, "value");
    }

    @Override
    public String asText() {
      return value;
    }
  }

  /** A boolean. */
  record BoolValue(boolean value) implements AttributeValue {
    @Override
    public String asText() {
      return Boolean.toString(value);
    }
  }

  /** A signed 64-bit integer. */
  record LongValue(long value) implements AttributeValue {
    @Override
    public String asText() {
      return Long.toString(value);
    }
  }

  /** A double. */
  record DoubleValue(double value) implements AttributeValue {
    @Override
    public String asText() {
      return Double.toString(value);
    }
  }

  /** Raw bytes; the array is copied in and out. */
  record BytesValue(byte[] value) implements AttributeValue {
    public BytesValue {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BytesValue b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String asText() {
      return java.util.HexFormat.of().formatHex(value);
    }

    @Override
    public String toString() {
      return "BytesValue[" + asText() + "]";
    }
  }

  /** An ordered list of values, possibly of mixed types. */
  record ArrayValue(List<AttributeValue> values) implements AttributeValue {
    public ArrayValue {
      values = List.copyOf(values);
    }

    @Override
    public String asText() {
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          b.append(", ");
        }
        b.append(values.get(i).asText());
      }
      return b.append(']').toString();
    }
  }

  /** A nested key-value list. */
  record KeyValueListValue(Attributes values) implements AttributeValue {
    public KeyValueListValue {
      requireNonNull(values, "values");
    }

    @Override
    public String asText() {
      return values.toString();
    }
  }
}
