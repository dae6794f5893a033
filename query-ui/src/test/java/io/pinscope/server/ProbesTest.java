package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pinscope.receiver.ReceiverMetrics;
import io.pinscope.server.health.Readiness;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link Probes} on a real listener: {@code /ready} runs its check (a store read) off the event loop. */
class ProbesTest {
  @Test
  void ready_checksOffTheEventLoop() throws Exception {
    AtomicReference<Boolean> onEventLoop = new AtomicReference<>();
    try (Storage storage = Storage.open(StorageConfig.builder().engine("memory").build())) {
      // The ingest-load supplier runs inside Readiness#check: it sees where the check runs.
      Readiness readiness = new Readiness(storage, null, 0, () -> {
        onEventLoop.set(ServiceRequestContext.current().eventLoop().inEventLoop());
        return null;
      });
      ServerBuilder sb = Server.builder().http(0);
      Probes.configure(sb, Role.ALL_IN_ONE, storage, new ReceiverMetrics(), readiness, new StopGate());
      Server server = sb.build();
      server.start().join();
      try {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.activeLocalPort() + "/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"READY\"").contains("\"storageReadable\":true");
        assertThat(onEventLoop.get()).as("check ran on the event loop").isFalse();
      } finally {
        server.stop().join();
      }
    }
  }
}
