package io.pinscope.storage.spi;

import static java.util.Objects.requireNonNull;

/** A column family of a table: a short name (letters, digits, '_') and the kind of its cells. */
public record FamilySpec(String name, CellKind kind) {
  public FamilySpec {
    requireNonNull(name, "name");
    requireNonNull(kind, "kind");
    TableSpec.checkName("family", name);
  }
}
