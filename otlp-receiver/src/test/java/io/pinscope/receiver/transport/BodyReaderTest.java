package io.pinscope.receiver.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.RequestHeaders;
import io.netty.channel.DefaultEventLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A finished read leaves nothing scheduled on its event loop: the idle check, which holds the reader and so the
 * body, is cancelled, so that bodies do not stay reachable for the idle timeout after their requests (issue 14).
 */
class BodyReaderTest {
  /** An event loop that tells whether anything is scheduled on it. */
  private static final class Loop extends DefaultEventLoop {
    boolean anythingScheduled() throws Exception {
      return submit(() -> nextScheduledTaskNano() >= 0).get(30, TimeUnit.SECONDS);
    }
  }

  private final Loop loop = new Loop();
  private final InFlightBudget budget = new InFlightBudget(1 << 20, Duration.ZERO, 0);

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
  }

  private CompletableFuture<BodyReader.Body> read(HttpRequest req) {
    InFlightBudget.Reservation reservation = budget.reserve(0);
    return BodyReader.read(req, loop, reservation, -1, 1 << 20, null,
        () -> new OverloadedException("busy", 1), Duration.ofMinutes(10));
  }

  @Test
  void aCompletedRead_leavesNoIdleCheckScheduled() throws Exception {
    HttpRequestWriter req = HttpRequest.streaming(RequestHeaders.of(HttpMethod.POST, "/v1/traces"));
    CompletableFuture<BodyReader.Body> body = read(req);
    req.write(HttpData.wrap(new byte[] {1, 2, 3}));
    assertThat(loop.anythingScheduled()).as("the idle check while the body arrives").isTrue();
    req.close();
    assertThat(body.get(30, TimeUnit.SECONDS).exact()).containsExactly(1, 2, 3);
    assertThat(loop.anythingScheduled()).isFalse();
  }

  @Test
  void aFailedRead_leavesNoIdleCheckScheduled() throws Exception {
    HttpRequestWriter req = HttpRequest.streaming(RequestHeaders.of(HttpMethod.POST, "/v1/traces"));
    CompletableFuture<BodyReader.Body> body = read(req);
    req.write(HttpData.wrap(new byte[] {1}));
    req.abort(new IllegalStateException("client gone"));
    assertThat(body).failsWithin(Duration.ofSeconds(30));
    assertThat(loop.anythingScheduled()).isFalse();
  }
}
