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
 * {@link BackupService} in a real Armeria request context: no request timeout cuts a long checkpoint off, and
 * with auth off only the server's own host may ask for a backup.
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
    serve(new BackupService(storage, () -> "running 0", false), ctx);
    assertThat(ctx.requestTimeoutMillis()).as("request timeout while the checkpoint is written").isZero();
  }

  @Test
  void authOff_answersOnlyLoopbackPeers() throws Exception {
    BackupService service = new BackupService(storage, () -> "running 0", false);
    AggregatedHttpResponse remote = serve(service, context("192.0.2.7"));
    assertThat(remote.status().code()).isEqualTo(403);
    assertThat(remote.contentUtf8()).contains("192.0.2.7").contains("--auth-tokens");
    assertThat(dir.resolve("b")).doesNotExist();
    // The memory engine takes no checkpoints: a 400 past the peer check, not a 403.
    assertThat(serve(service, context("127.0.0.1")).status().code()).isEqualTo(400);
    assertThat(serve(service, context("::1")).status().code()).isEqualTo(400);
  }

  @Test
  void authOn_leavesTheCheckToTheTokens() throws Exception {
    // The /api decorator has already required an admin token: any peer may ask.
    BackupService service = new BackupService(storage, () -> "running 0", true);
    assertThat(serve(service, context("192.0.2.7")).status().code()).isEqualTo(400);
  }
}
