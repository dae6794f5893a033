package io.pinscope.server;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What one Pinscope process serves ({@code --role}). Every role binds the query port and answers
 * {@code GET /health}, {@code GET /ready} and {@code GET /metrics} there. Collectors keep no state another process needs (statistics are increments, the
 * pairing of a call's halves that land on different collectors falls back to late pairing through storage),
 * so any number of them can run behind a load balancer; the background tasks (metric roll-ups, alarm
 * evaluation) run where the query API runs, so a deployment runs them once per query process.
 */
public enum Role {
  /** The OTLP receiver, the query API and UI, and the background tasks: one process does everything. */
  ALL_IN_ONE("all-in-one", true, true),
  /** The OTLP receiver (OTLP/gRPC and OTLP/HTTP ports) and the probes; no query API, no background tasks. */
  COLLECTOR("collector", true, false),
  /** The query API, the UI and the background tasks on the query port; no OTLP ports, no receiver. */
  QUERY("query", false, true);

  private final String flag;
  private final boolean ingests;
  private final boolean queries;

  Role(String flag, boolean ingests, boolean queries) {
    this.flag = flag;
    this.ingests = ingests;
    this.queries = queries;
  }

  /** The role as {@code --role} spells it. */
  public String flag() {
    return flag;
  }

  /** Whether the role runs the OTLP receiver and its ports. */
  public boolean ingests() {
    return ingests;
  }

  /** Whether the role serves the query API and UI on the query port. */
  public boolean queries() {
    return queries;
  }

  /** Whether the role runs the metric roll-ups and the alarm evaluation: where the query API is. */
  public boolean runsBackgroundTasks() {
    return queries;
  }

  /** What the role serves, in words (start-up banner). */
  public String serves() {
    return switch (this) {
      case ALL_IN_ONE -> "OTLP ingest, query API, UI, /health, /ready, /metrics; background: metric roll-ups, alarms";
      case COLLECTOR -> "OTLP ingest, /health, /ready, /metrics (no query API, no background tasks)";
      case QUERY -> "query API, UI, /health, /ready, /metrics; background: metric roll-ups, alarms (no OTLP ingest)";
    };
  }

  /**
   * The role {@code --role} names.
   *
   * @throws IllegalArgumentException naming the value and the roles
   */
  public static Role of(String flag) {
    for (Role r : values()) {
      if (r.flag.equals(flag.toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new IllegalArgumentException("role: " + flag + " (expected: "
        + Arrays.stream(values()).map(Role::flag).collect(Collectors.joining(", ")) + ")");
  }
}
