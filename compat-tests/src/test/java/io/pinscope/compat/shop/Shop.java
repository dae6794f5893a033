package io.pinscope.compat.shop;

import static java.util.Objects.requireNonNull;

import io.pinscope.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of the shop's services running as real processes, each on a free 127.0.0.1 port, exporting to one
 * {@link PinscopeProcess} with the standard {@code OTEL_*} variables and its SDK's default OTLP transport
 * (services under the Pinpoint agent export nothing; their agent id is {@code <name>-<port>}). A downstream
 * that is no service of the shop is taken as a base URL as it is (an uninstrumented external host). Every
 * process is handed to a {@link ProcessReaper}, which stops it after the test.
 */
final class Shop {
  /** Export delays short by default, so that tests are quick; a service's own env may override them. */
  static final Map<String, String> DEFAULT_OTEL_ENV = Map.of(
      "OTEL_TRACES_EXPORTER", "otlp",
      "OTEL_METRICS_EXPORTER", "none",
      "OTEL_LOGS_EXPORTER", "none",
      "OTEL_BSP_SCHEDULE_DELAY", "200");

  /**
   * The Pinpoint application namespace of the whole shop, set on the Pinpoint agents
   * ({@code profiler.application.namespace}) and on the Java agent's extension
   * ({@code PINPOINT_APPLICATION_NAMESPACE}): Pinpoint headers from another namespace start a new trace.
   */
  static final String PINPOINT_NAMESPACE = "pinscope-shop";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /**
   * One service of the shop.
   *
   * @param name the application name ({@code OTEL_SERVICE_NAME}) and the hop protocol's {@code SERVICE}
   * @param runtime what it runs on
   * @param downstream the services it calls, in order, on every {@code /hop}
   * @param env more environment (wins over the defaults), e.g. {@code OTEL_BSP_SCHEDULE_DELAY}
   */
  record Service(String name, ShopRuntime runtime, List<String> downstream, Map<String, String> env) {
    Service {
      requireNonNull(name, "name");
      requireNonNull(runtime, "runtime");
      downstream = List.copyOf(downstream);
      env = Map.copyOf(env);
    }

    static Service of(String name, ShopRuntime runtime, String... downstream) {
      return new Service(name, runtime, List.of(downstream), Map.of());
    }

    Service withEnv(Map<String, String> more) {
      Map<String, String> merged = new LinkedHashMap<>(env);
      merged.putAll(more);
      return new Service(name, runtime, downstream, merged);
    }
  }

  private final Map<String, Integer> ports;
  private final Map<String, ManagedProcess> processes;

  private Shop(Map<String, Integer> ports, Map<String, ManagedProcess> processes) {
    this.ports = ports;
    this.processes = processes;
  }

  /** Starts {@code services} together and waits until each one listens; logs go to {@code logDir}. */
  static Shop start(ShopRuntimes runtimes, PinscopeProcess pinscope, List<Service> services, Path logDir,
      ProcessReaper reaper) throws IOException, InterruptedException {
    int[] free = FreePorts.of(services.size());
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (int i = 0; i < services.size(); i++) {
      if (ports.put(services.get(i).name(), free[i]) != null) {
        throw new IllegalArgumentException("services: " + services.get(i).name() + " twice");
      }
    }
    Map<String, ManagedProcess> processes = new LinkedHashMap<>();
    for (Service s : services) {
      List<String> downstream = new ArrayList<>();
      for (String d : s.downstream()) {
        Integer port = ports.get(d);
        if (port == null && !d.startsWith("http://")) {
          throw new IllegalArgumentException("services: " + s.name() + " calls " + d + ", which is not started");
        }
        downstream.add(port == null ? d : "http://127.0.0.1:" + port);
      }
      ShopRuntimes.Launch launch = runtimes.launch(s.runtime());
      Map<String, String> env = new LinkedHashMap<>();
      if (s.runtime().exportsOtlp()) {
        env.putAll(DEFAULT_OTEL_ENV);
        env.put("OTEL_SERVICE_NAME", s.name());
        env.put("OTEL_EXPORTER_OTLP_PROTOCOL", s.runtime().otlpProtocol());
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT",
            s.runtime().grpc() ? pinscope.otlpGrpcEndpoint() : pinscope.otlpHttpEndpoint());
      } else {
        env.put("JAVA_TOOL_OPTIONS", "-Dpinpoint.applicationName=" + s.name() + " -Dpinpoint.agentId="
            + pinpointAgentId(s.name(), ports.get(s.name())));
      }
      env.putAll(launch.env());
      env.put("SERVICE", s.name());
      env.put("PORT", Integer.toString(ports.get(s.name())));
      env.put("DOWNSTREAM", String.join(",", downstream));
      env.putAll(s.env());
      processes.put(s.name(), reaper.track(ManagedProcess.start(s.name(), launch.command(), env, launch.workDir(),
          logDir.resolve(s.name() + ".log"))));
    }
    for (Map.Entry<String, ManagedProcess> p : processes.entrySet()) {
      p.getValue().awaitListening(ports.get(p.getKey()), START_TIMEOUT);
    }
    return new Shop(ports, processes);
  }

  /** The Pinpoint agent id of a service under the Pinpoint agent: at most 24 characters, as Pinpoint requires. */
  static String pinpointAgentId(String name, int port) {
    String id = name + "-" + port;
    if (id.length() > 24) {
      throw new IllegalArgumentException("name: " + name + " too long for a Pinpoint agent id " + id
          + " (expected at most 18 characters)");
    }
    return id;
  }

  /** The base URL of service {@code name}. */
  String url(String name) {
    return "http://127.0.0.1:" + port(name);
  }

  /** The port service {@code name} listens on. */
  int port(String name) {
    Integer port = ports.get(name);
    if (port == null) {
      throw new IllegalArgumentException("name: " + name + " (expected one of " + ports.keySet() + ")");
    }
    return port;
  }

  ManagedProcess process(String name) {
    ManagedProcess p = processes.get(name);
    if (p == null) {
      throw new IllegalArgumentException("name: " + name + " (expected one of " + processes.keySet() + ")");
    }
    return p;
  }
}
