package io.pinscope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import io.pinscope.FreePorts;
import io.pinscope.model.AgentInfo;
import io.pinscope.model.LinkKey;
import io.pinscope.model.ScatterDot;
import io.pinscope.model.ServiceType;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.server.PinscopeServer;
import io.pinscope.server.ServerConfig;
import io.pinscope.storage.ApplicationRegistry.Application;
import io.pinscope.storage.ScatterIndex.ScatterQuery;
import io.pinscope.storage.Storage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code --demo} on the memory engine: every view has data well within a minute, and close stops it. */
class DemoTrafficServerTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @Test
  void demo_populatesEveryView_withinAMinute_andStopsWithTheServer() throws Exception {
    int[] ports = FreePorts.of(3);
    long start = System.nanoTime();
    long fromMillis = System.currentTimeMillis() - 60_000;
    PinscopeServer server = PinscopeServer.start(ServerConfig.parse(new String[] {"--demo", "--storage", "memory",
        "--bind", "127.0.0.1", "--grpc-port", Integer.toString(ports[0]), "--http-port", Integer.toString(ports[1]),
        "--query-port", Integer.toString(ports[2])}, Map.of()));
    Set<String> missing;
    try {
      Storage storage = server.storage();
      do {
        Thread.sleep(200); // polling interval
        server.receiver().flushStatistics();
        missing = missing(storage, fromMillis);
      } while (!missing.isEmpty() && System.nanoTime() - start < DEADLINE.toNanos());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(missing).as("not seen after %s", took).isEmpty();
      assertThat(took).isLessThan(DEADLINE);
      System.out.println("demo: every view populated " + took.toMillis() + " ms after start");
      String metrics = WebClient.of("http://127.0.0.1:" + ports[2]).get("/metrics").aggregate().join().contentUtf8();
      assertThat(metrics.lines().filter(l -> l.startsWith("pinscope_receiver_items_rejected")))
          .as("nothing the demo sends is rejected").allSatisfy(l -> assertThat(l).endsWith(" 0"));
      assertThat(metrics).contains("pinscope_receiver_items_accepted_total");
    } finally {
      server.close();
    }
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("pinscope-demo") && t.isAlive());
  }

  /** What the views need that storage does not show yet. */
  private static Set<String> missing(Storage storage, long fromMillis) {
    Set<String> missing = new TreeSet<>();
    long to = System.currentTimeMillis() + 60_000;
    List<Application> apps = storage.applications().applications();
    Set<ServiceType> runtimes = apps.stream().map(Application::serviceType).collect(Collectors.toSet());
    if (runtimes.size() < 4) {
      missing.add("applications of 4 runtimes (have " + runtimes + ")");
    }
    List<ScatterDot> dots = storage.scatter().scan(new ScatterQuery(DemoShop.FRONTEND, fromMillis, to, 100, null))
        .dots();
    if (dots.isEmpty()) {
      missing.add("scatter dots of web-frontend");
    }
    need(missing, storage, DemoShop.FRONTEND, fromMillis, to, "USER -> web-frontend",
        k -> k.callerTypeCode() == ServiceTypeRegistry.USER.code() && k.calleeName().equals(DemoShop.FRONTEND), true);
    need(missing, storage, DemoShop.GATEWAY, fromMillis, to, "api-gateway -> orders",
        k -> k.calleeName().equals(DemoShop.ORDERS) && k.calleeTypeCode() == ServiceTypeRegistry.JAVA.code(), false);
    need(missing, storage, DemoShop.ORDERS, fromMillis, to, "orders -> MySQL orders",
        k -> k.calleeName().equals("orders") && k.calleeTypeCode() == ServiceTypeRegistry.MYSQL.code(), false);
    need(missing, storage, DemoShop.RECOMMENDATIONS, fromMillis, to, "recommendations -> Redis",
        k -> k.calleeTypeCode() == ServiceTypeRegistry.REDIS.code(), false);
    need(missing, storage, DemoShop.PAYMENTS, fromMillis, to, "payments -> Kafka payments-events",
        k -> k.calleeName().equals(DemoShop.TOPIC) && k.calleeTypeCode() == ServiceTypeRegistry.KAFKA.code(), false);
    need(missing, storage, DemoShop.PAYMENTS, fromMillis, to, "payments -> api.stripe.example",
        k -> k.calleeName().startsWith(DemoShop.STRIPE_HOST)
            && k.calleeTypeCode() == ServiceTypeRegistry.OPENTELEMETRY_CLIENT.code(), false);

    List<AgentInfo> gateways = storage.applications().agents(DemoShop.GATEWAY);
    if (gateways.isEmpty()) {
      missing.add("agents of api-gateway");
    } else {
      String agent = gateways.get(0).agentId();
      if (storage.metrics().read(agent, fromMillis, to, 100).isEmpty()) {
        missing.add("metrics of " + agent);
      }
      if (storage.logs().findUncorrelated(agent, fromMillis, to, 10).isEmpty()) {
        missing.add("uncorrelated logs of " + agent);
      }
    }
    if (dots.stream().limit(100).allMatch(d -> storage.logs().findByTrace(d.traceId(), 10).isEmpty())) {
      missing.add("logs correlated with web-frontend transactions");
    }
    return missing;
  }

  private static void need(Set<String> missing, Storage storage, String application, long from, long to,
      String what, Predicate<LinkKey> match, boolean in) {
    List<SlotValue<LinkKey>> links = in ? storage.statistics().readInLinks(application, from, to)
        : storage.statistics().readOutLinks(application, from, to);
    if (links.stream().map(SlotValue::key).noneMatch(match)) {
      missing.add(what);
    }
  }
}
