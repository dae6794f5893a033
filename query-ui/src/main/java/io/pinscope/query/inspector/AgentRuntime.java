package io.pinscope.query.inspector;

import io.pinscope.model.Attributes;
import java.util.Collection;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The runtime an agent runs, which decides its runtime panels. */
public enum AgentRuntime {
  JVM("jvm."),
  PYTHON("process.runtime.cpython.", "cpython."),
  NODE("nodejs.", "v8js."),
  GO("go."),
  OTHER;

  private final String[] metricPrefixes;

  AgentRuntime(String... metricPrefixes) {
    this.metricPrefixes = metricPrefixes;
  }

  /**
   * The runtime named by the resource ({@code telemetry.sdk.language}, else {@code process.runtime.name}),
   * else the first runtime whose metrics are among {@code metricNames}, else {@link #OTHER}.
   */
  public static AgentRuntime detect(Attributes resource, Collection<String> metricNames) {
    AgentRuntime named = named(resource.text("telemetry.sdk.language"));
    if (named == OTHER) {
      named = named(resource.text("process.runtime.name"));
    }
    if (named != OTHER) {
      return named;
    }
    for (AgentRuntime r : values()) {
      for (String prefix : r.metricPrefixes) {
        if (metricNames.stream().anyMatch(n -> n.startsWith(prefix))) {
          return r;
        }
      }
    }
    return OTHER;
  }

  /** The runtime an SDK language or runtime name stands for ("java", "OpenJDK Runtime Environment", "cpython"). */
  private static AgentRuntime named(@Nullable String name) {
    if (name == null) {
      return OTHER;
    }
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals("java") || n.contains("jdk") || n.contains("java") || n.contains("jre")) {
      return JVM;
    } else if (n.equals("python") || n.contains("cpython") || n.equals("pypy")) {
      return PYTHON;
    } else if (n.equals("nodejs") || n.equals("node") || n.equals("node.js")) {
      return NODE;
    } else if (n.equals("go") || n.equals("gc")) {
      return GO;
    }
    return OTHER;
  }
}
