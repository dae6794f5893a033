package io.pinscope.storage.spi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * A table of the schema: its name, its column families and its time to live. Cells older than the TTL
 * (counted from when they were written) are expired; {@link Duration#ZERO} keeps cells forever.
 */
public record TableSpec(String name, List<FamilySpec> families, Duration ttl) {
  public TableSpec {
    requireNonNull(name, "name");
    requireNonNull(ttl, "ttl");
    checkName("table", name);
    families = List.copyOf(families);
    if (families.isEmpty()) {
      throw new IllegalArgumentException("families of " + name + ": [] (expected: at least one)");
    }
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl of " + name + ": " + ttl + " (expected: >= 0)");
    }
    if (!ttl.isZero() && ttl.toSeconds() < 1) {
      throw new IllegalArgumentException("ttl of " + name + ": " + ttl + " (expected: 0 or >= 1s)");
    }
  }

  /** The family with this name. */
  public FamilySpec family(String family) {
    for (FamilySpec f : families) {
      if (f.name().equals(family)) {
        return f;
      }
    }
    throw new IllegalArgumentException("family: " + family + " (expected one of " + families + " in " + name + ")");
  }

  static void checkName(String what, String name) {
    if (!name.matches("[A-Za-z0-9_]{1,64}")) {
      throw new IllegalArgumentException(
          what + " name: \"" + name + "\" (expected: 1-64 letters, digits or '_')");
    }
  }
}
