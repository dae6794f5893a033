package io.pinscope.server.auth;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a token may do: {@code ingest} sends OTLP; {@code read} calls the API's {@code GET} routes; {@code admin}
 * calls every API route (it implies {@code read}). {@code ingest} grants no API access and {@code read} and
 * {@code admin} no OTLP access, so a token leaked from an instrumented host cannot read traces.
 */
public enum TokenRole {
  INGEST,
  READ,
  ADMIN;

  /** What a request needs. */
  public enum Access {
    /** An OTLP export. */
    INGEST,
    /** An API {@code GET} or {@code HEAD}. */
    READ,
    /** Any other API request (alarm rules, channels, silences, ...). */
    ADMIN
  }

  /** The role's name in the token file: {@code ingest}, {@code read} or {@code admin}. */
  public String flag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this role grants {@code access}. */
  public boolean grants(Access access) {
    return switch (access) {
      case INGEST -> this == INGEST;
      case READ -> this == READ || this == ADMIN;
      case ADMIN -> this == ADMIN;
    };
  }

  /**
   * The role named {@code flag}.
   *
   * @throws IllegalArgumentException naming the bad value and the expected ones
   */
  public static TokenRole of(String flag) {
    for (TokenRole r : values()) {
      if (r.flag().equals(flag)) {
        return r;
      }
    }
    throw new IllegalArgumentException("role: " + flag + " (expected one of "
        + Arrays.stream(values()).map(TokenRole::flag).toList() + ")");
  }
}
