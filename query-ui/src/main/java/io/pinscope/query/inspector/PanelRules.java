package io.pinscope.query.inspector;

import static io.pinscope.query.inspector.Fold.HISTOGRAM_COUNT;
import static io.pinscope.query.inspector.Fold.HISTOGRAM_SUM;
import static io.pinscope.query.inspector.Fold.LAST;
import static io.pinscope.query.inspector.Fold.MEAN;
import static io.pinscope.query.inspector.Fold.RATE;
import static io.pinscope.query.inspector.Fold.TOTAL;

import io.pinscope.query.inspector.PanelRule.SeriesRule;
import io.pinscope.query.inspector.PanelRule.Source;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The curated metric panels, in display order. Metric names are those the SDKs were seen sending: the Java
 * agent 2.33.1 ({@code runtime-telemetry}), {@code opentelemetry-instrumentation-system-metrics} 0.66b1,
 * {@code @opentelemetry/instrumentation-runtime-node} 0.37.0 and the Go contrib runtime instrumentation; an
 * older name is listed after the newer one it stands in for. The response panels ({@code tps},
 * {@code responseTime}, {@code responseBands}) come from the response statistics ({@link ResponsePanels}).
 */
public final class PanelRules {
  private static final double SECONDS_TO_MS = 1000;

  /** Every metric panel rule. */
  public static final List<PanelRule> ALL = List.of(
      panel("activeRequests", "Active requests", "{request}", null,
          s("", LAST, by("pinpoint.active_requests", "band"))),
      // JVM: the Java agent's runtime-telemetry (otel.md §5.3); jvm.system.cpu.*, jvm.buffer.* and
      // jvm.file_descriptor.* only with its experimental metrics on.
      panel("heap", "Heap memory", "By", AgentRuntime.JVM,
          s("used", MEAN, m("jvm.memory.used", "jvm.memory.type", "heap")),
          s("committed", MEAN, m("jvm.memory.committed", "jvm.memory.type", "heap")),
          s("max", MEAN, m("jvm.memory.limit", "jvm.memory.type", "heap"))),
      panel("nonHeap", "Non-heap memory", "By", AgentRuntime.JVM,
          s("used", MEAN, m("jvm.memory.used", "jvm.memory.type", "non_heap")),
          s("committed", MEAN, m("jvm.memory.committed", "jvm.memory.type", "non_heap")),
          s("max", MEAN, m("jvm.memory.limit", "jvm.memory.type", "non_heap"))),
      panel("gcCount", "GC count", "{collection}", AgentRuntime.JVM,
          s("", HISTOGRAM_COUNT, by("jvm.gc.duration", "jvm.gc.name"))),
      panel("gcTime", "GC time", "ms", AgentRuntime.JVM,
          s("", HISTOGRAM_SUM, SECONDS_TO_MS, by("jvm.gc.duration", "jvm.gc.name"))),
      panel("cpu", "CPU", "1", AgentRuntime.JVM,
          s("jvm", MEAN, m("jvm.cpu.recent_utilization")),
          s("system", MEAN, m("jvm.system.cpu.utilization"))),
      panel("threads", "Threads", "{thread}", AgentRuntime.JVM,
          s("", MEAN, by("jvm.thread.count", "jvm.thread.state"))),
      panel("classes", "Classes", "{class}", AgentRuntime.JVM,
          s("count", MEAN, m("jvm.class.count")),
          s("loaded", TOTAL, m("jvm.class.loaded")),
          s("unloaded", TOTAL, m("jvm.class.unloaded"))),
      panel("bufferPools", "Buffer pools", "By", AgentRuntime.JVM,
          s("", MEAN, by("jvm.buffer.memory.used", "jvm.buffer.pool.name"))),
      panel("fileDescriptors", "File descriptors", "{file_descriptor}", AgentRuntime.JVM,
          s("open", MEAN, m("jvm.file_descriptor.count")),
          s("limit", MEAN, m("jvm.file_descriptor.limit"))),
      // Python: opentelemetry-instrumentation-system-metrics (0.66b1 sends both the process.* and the older
      // process.runtime.cpython.* names).
      panel("cpu", "CPU", "1", AgentRuntime.PYTHON,
          s("process", RATE, m("process.cpu.time"), m("process.runtime.cpython.cpu_time"))),
      panel("memory", "Memory", "By", AgentRuntime.PYTHON,
          s("rss", MEAN, m("process.memory.usage"), m("process.runtime.cpython.memory", "type", "rss")),
          s("vms", MEAN, m("process.memory.virtual"), m("process.runtime.cpython.memory", "type", "vms"))),
      // A panel id means one quantity in one unit whatever the runtime: the application inspector folds the
      // panels of agents of different runtimes by id.
      panel("gcCount", "GC count", "{collection}", AgentRuntime.PYTHON,
          s("", TOTAL, by("cpython.gc.collections", "cpython.gc.generation"),
              by("process.runtime.cpython.gc_count", "count"))),
      // Node: @opentelemetry/instrumentation-runtime-node (delays in seconds).
      panel("eventLoopDelay", "Event loop delay", "ms", AgentRuntime.NODE,
          s("p50", MEAN, SECONDS_TO_MS, m("nodejs.eventloop.delay.p50")),
          s("p90", MEAN, SECONDS_TO_MS, m("nodejs.eventloop.delay.p90")),
          s("p99", MEAN, SECONDS_TO_MS, m("nodejs.eventloop.delay.p99")),
          s("max", MEAN, SECONDS_TO_MS, m("nodejs.eventloop.delay.max"))),
      panel("eventLoopUtilization", "Event loop utilization", "1", AgentRuntime.NODE,
          s("utilization", MEAN, m("nodejs.eventloop.utilization"))),
      panel("v8Heap", "V8 heap", "By", AgentRuntime.NODE,
          s("used", MEAN, m("v8js.memory.heap.used")),
          s("size", MEAN, m("v8js.memory.heap.space.size")),
          s("limit", MEAN, m("v8js.memory.heap.limit"))),
      panel("gcTime", "GC time", "ms", AgentRuntime.NODE,
          s("", HISTOGRAM_SUM, SECONDS_TO_MS, by("v8js.gc.duration", "v8js.gc.type"))),
      // Go: go.opentelemetry.io/contrib/instrumentation/runtime.
      panel("goroutines", "Goroutines", "{goroutine}", AgentRuntime.GO,
          s("goroutines", MEAN, m("go.goroutine.count"))),
      panel("goMemory", "Go memory", "By", AgentRuntime.GO,
          s("used", MEAN, m("go.memory.used")),
          s("limit", MEAN, m("go.memory.limit"))),
      panel("goGc", "GC goal and allocations", "By", AgentRuntime.GO,
          s("goal", MEAN, m("go.memory.gc.goal")),
          s("allocated", TOTAL, m("go.memory.allocated"))),
      // The Go runtime instrumentation sends no CPU time: how long runnable goroutines wait for a processor
      // (go.schedule.duration, a histogram in seconds, with the runtime producer) is its saturation signal.
      panel("goSchedule", "Scheduling latency", "ms", AgentRuntime.GO,
          s("avg", MEAN, SECONDS_TO_MS, m("go.schedule.duration"))),
      panel("goProcessors", "Processors", "{thread}", AgentRuntime.GO,
          s("limit", MEAN, m("go.processor.limit"))));

  private PanelRules() {}

  /** The rules that apply to {@code runtime}: those of every runtime, then its own. */
  public static List<PanelRule> of(AgentRuntime runtime) {
    return ALL.stream().filter(p -> p.runtime() == null || p.runtime() == runtime).toList();
  }

  private static PanelRule panel(String id, String title, String unit, @Nullable AgentRuntime runtime,
      SeriesRule... series) {
    return new PanelRule(id, title, unit, runtime, List.of(series));
  }

  private static SeriesRule s(String label, Fold fold, Source... sources) {
    return s(label, fold, 1, sources);
  }

  private static SeriesRule s(String label, Fold fold, double scale, Source... sources) {
    return new SeriesRule(label, fold, scale, List.of(sources));
  }

  private static Source m(String metric) {
    return new Source(metric, Map.of(), null);
  }

  private static Source m(String metric, String key, String value) {
    return new Source(metric, Map.of(key, value), null);
  }

  private static Source by(String metric, String labelAttribute) {
    return new Source(metric, Map.of(), labelAttribute);
  }
}
