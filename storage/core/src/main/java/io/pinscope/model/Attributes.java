package io.pinscope.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An ordered, immutable list of key/value attributes, kept in arrival order (duplicates included, as
 * OTLP allows them on the wire). Lookups return the first match.
 */
public record Attributes(List<Attribute> entries) {
  private static final Attributes EMPTY = new Attributes(List.of());

  /** One key and its typed value. */
  public record Attribute(String key, AttributeValue value) {
    public Attribute {
      requireNonNull(key, "key");
      requireNonNull(value, "value");
    }
  }

  /** {@code entries} are copied (unless already those of an {@code Attributes}): a list of no nulls. */
  public Attributes {
    entries = AttributeList.copyOf(entries);
  }

  /** No attributes. */
  public static Attributes empty() {
    return EMPTY;
  }

  /** Builds from alternating keys and values; values may be String, Boolean, Long/Integer, Double or AttributeValue. */
  public static Attributes of(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "keysAndValues: " + keysAndValues.length + " items (expected: an even number)");
    }
    Builder b = builder();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      b.put((String) keysAndValues[i], toValue(keysAndValues[i + 1]));
    }
    return b.build();
  }

  private static AttributeValue toValue(Object v) {
    if (v instanceof AttributeValue a) {
      return a;
    } else if (v instanceof String s) {
      return AttributeValue.of(s);
    } else if (v instanceof Boolean bool) {
      return AttributeValue.of(bool);
    } else if (v instanceof Integer n) {
      return AttributeValue.of(n.longValue());
    } else if (v instanceof Long n) {
      return AttributeValue.of(n);
    } else if (v instanceof Double d) {
      return AttributeValue.of(d);
    }
    throw new IllegalArgumentException(
        "attribute value: " + v.getClass().getName()
            + " (expected: String, Boolean, Integer, Long, Double or AttributeValue)");
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The number of entries. */
  public int size() {
    return entries.size();
  }

  /** True when there are no entries. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The first value under {@code key}, or null. */
  public @Nullable AttributeValue get(String key) {
    // The keys' hashes sit in an array beside the entries: a miss (most of a look-up) touches no entry.
    return ((AttributeList) entries).find(key);
  }

  /** The text of the first value under {@code key}, or null when absent. */
  public @Nullable String text(String key) {
    AttributeValue v = get(key);
    return v == null ? null : v.asText();
  }

  /** The text of the first of {@code keys} that is present (semantic-convention generations), or null. */
  public @Nullable String firstText(String... keys) {
    for (String key : keys) {
      String v = text(key);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /** The first value under {@code key} as a long when it is an integer (or a decimal string), else null. */
  public @Nullable Long longValue(String key) {
    AttributeValue v = get(key);
    if (v instanceof AttributeValue.LongValue l) {
      return l.value();
    }
    if (v instanceof AttributeValue.StringValue s) {
      try {
        return Long.parseLong(s.value());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < entries.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(entries.get(i).key()).append('=').append(entries.get(i).value().asText());
    }
    return b.append('}').toString();
  }

  /** Collects entries in order. */
  public static final class Builder {
    private final List<Attribute> entries = new ArrayList<>();

    private Builder() {}

    /** Appends an entry. */
    public Builder put(String key, AttributeValue value) {
      entries.add(new Attribute(key, value));
      return this;
    }

    /** Appends a string entry. */
    public Builder put(String key, String value) {
      return put(key, AttributeValue.of(value));
    }

    /** Appends an integer entry. */
    public Builder put(String key, long value) {
      return put(key, AttributeValue.of(value));
    }

    /** Appends a boolean entry. */
    public Builder put(String key, boolean value) {
      return put(key, AttributeValue.of(value));
    }

    /** Appends a double entry. */
    public Builder put(String key, double value) {
      return put(key, AttributeValue.of(value));
    }

    /** The immutable attributes. */
    public Attributes build() {
      return entries.isEmpty() ? EMPTY : new Attributes(entries);
    }
  }
}
