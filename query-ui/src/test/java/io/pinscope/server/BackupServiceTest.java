package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BackupService} in a real Armeria request context: no request timeout cuts a long checkpoint off.
 */
class BackupServiceTest {
  @TempDir
  Path dir;

  private final Storage storage = Storage.open(StorageConfig.builder().engine("memory").build());

  @AfterEach
  void close() {
    storage.close();
  }

  private ServiceRequestContext context(String peer) {
    HttpRequest req = HttpRequest.of(HttpMethod.POST, BackupService.PATH, MediaType.JSON_UTF_8,
        "{\"to\":\"" + dir.resolve("b").toString().replace("\\", "\\\\") + "\"}");
    return ServiceRequestContext.builder(req).remoteAddress(new InetSocketAddress(peer, 40_000)).build();
  }

  private AggregatedHttpResponse serve(BackupService service, ServiceRequestContext ctx) throws Exception {
    return service.serve(ctx, ctx.request()).aggregate().join();
  }

  @Test
  void backup_runsWithoutTheDefaultRequestTimeout() throws Exception {
    ServiceRequestContext ctx = context("127.0.0.1");
    ctx.setRequestTimeout(Duration.ofSeconds(10)); // the listener's default, as the server sets it
    serve(new BackupService(storage, () -> "running 0"), ctx);
    assertThat(ctx.requestTimeoutMillis()).as("request timeout while the checkpoint is written").isZero();
  }
}
