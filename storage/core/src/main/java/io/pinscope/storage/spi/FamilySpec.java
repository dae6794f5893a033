package io.pinscope.storage.spi;

import static java.util.Objects.requireNonNull;

/**
 * A column family of a table: a short name (letters, digits, '_'), the kind of its cells and whether its values
 * are large.
 *
 * <p>{@code largeValues} is a hint about the data, not a change of behaviour: the family's values are large
 * (hundreds of bytes and up) and nearly always written once, then read rarely and expired. An engine may keep
 * such values apart from its keys (the {@code rocksdb} engine appends them to compressed log segments and keeps
 * only a pointer in its tree); reads, writes, deletes and TTL behave exactly as for any other family. Only
 * {@link CellKind#BYTES} families can have it.
 */
public record FamilySpec(String name, CellKind kind, boolean largeValues) {
  public FamilySpec {
    requireNonNull(name, "name");
    requireNonNull(kind, "kind");
    TableSpec.checkName("family", name);
    if (largeValues && kind != CellKind.BYTES) {
      throw new IllegalArgumentException("family " + name + ": large values of kind " + kind
          + " (expected: only BYTES families have large values)");
    }
  }

  /** A family whose values are not large. */
  public FamilySpec(String name, CellKind kind) {
    this(name, kind, false);
  }
}
