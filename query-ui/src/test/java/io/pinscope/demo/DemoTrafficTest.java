package io.pinscope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoTrafficTest {
  @Test
  void unreachableEndpoint_isRetriedQuietly_andCloseStopsTheThread() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    DemoTraffic traffic = DemoTraffic.start("http://127.0.0.1:" + port);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (traffic.failures() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(traffic.failures()).isGreaterThanOrEqualTo(3);
    assertThat(traffic.tracesSent()).isZero();

    traffic.close(); // returns once its thread has ended
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("pinscope-demo") && t.isAlive());
    traffic.close(); // idempotent
  }
}
