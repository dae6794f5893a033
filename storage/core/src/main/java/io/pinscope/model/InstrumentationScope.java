package io.pinscope.model;

import static java.util.Objects.requireNonNull;

/** The OTel instrumentation scope that produced a span; empty strings mean "not given". */
public record InstrumentationScope(String name, String version, Attributes attributes) {
  private static final InstrumentationScope EMPTY =
      new InstrumentationScope("", "", Attributes.empty());

  public InstrumentationScope {
    requireNonNull(name, "name");
    requireNonNull(version, "version");
    requireNonNull(attributes, "attributes");
  }

  /** A scope with no name, version or attributes. */
  public static InstrumentationScope empty() {
    return EMPTY;
  }

  /** A scope with a name and version and no attributes. */
  public static InstrumentationScope of(String name, String version) {
    return new InstrumentationScope(name, version, Attributes.empty());
  }
}
