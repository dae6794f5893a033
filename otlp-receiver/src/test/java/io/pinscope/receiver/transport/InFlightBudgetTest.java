package io.pinscope.receiver.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The budget's waiting line: first come first served, bounded, withdrawn on cancel, refused on timeout. */
class InFlightBudgetTest {
  private final EventExecutor loop = new DefaultEventLoop();

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
  }

  private static InFlightBudget.Reservation now(CompletableFuture<InFlightBudget.Reservation> f) {
    assertThat(f).isDone();
    return f.join();
  }

  private static InFlightBudget.Reservation within(CompletableFuture<InFlightBudget.Reservation> f)
      throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  @Test
  void waitersAreAdmittedInArrivalOrder_asRoomFrees() throws Exception {
    InFlightBudget budget = new InFlightBudget(100, Duration.ofMinutes(1), 10);
    InFlightBudget.Reservation first = now(budget.reserve(80, loop));
    CompletableFuture<InFlightBudget.Reservation> big = budget.reserve(60, loop);
    // 10 bytes would fit, but it arrived after a request that is still waiting.
    CompletableFuture<InFlightBudget.Reservation> small = budget.reserve(10, loop);
    assertThat(budget.waiters()).isEqualTo(2);
    assertThat(big).isNotDone();
    assertThat(small).isNotDone();

    first.release();
    InFlightBudget.Reservation second = within(big);
    InFlightBudget.Reservation third = within(small);
    assertThat(second.heldBytes()).isEqualTo(60);
    assertThat(third.heldBytes()).isEqualTo(10);
    assertThat(budget.usedBytes()).isEqualTo(70);
    assertThat(budget.waiters()).isZero();
  }

  @Test
  void aRequestLargerThanTheBudget_waitsUntilItIsAlone() throws Exception {
    InFlightBudget budget = new InFlightBudget(100, Duration.ofMinutes(1), 10);
    InFlightBudget.Reservation held = now(budget.reserve(1, loop));
    CompletableFuture<InFlightBudget.Reservation> huge = budget.reserve(500, loop);
    assertThat(huge).isNotDone();
    held.release();
    assertThat(within(huge).heldBytes()).isEqualTo(500);
  }

  @Test
  void aWaiterThatTimesOut_isRefused_andThoseBehindItMayEnter() throws Exception {
    InFlightBudget budget = new InFlightBudget(100, Duration.ofMillis(50), 10);
    InFlightBudget.Reservation held = now(budget.reserve(50, loop));
    assertThat(within(budget.reserve(60, loop))).as("refused after the wait").isNull();
    assertThat(budget.waiters()).isZero();
    assertThat(budget.usedBytes()).isEqualTo(50);
    held.release();
    assertThat(budget.usedBytes()).isZero();
  }

  @Test
  void theLineIsBounded_andAZeroWaitRefusesAtOnce() {
    InFlightBudget budget = new InFlightBudget(100, Duration.ofMinutes(1), 1);
    now(budget.reserve(100, loop));
    assertThat(budget.reserve(1, loop)).isNotDone();
    assertThat(now(budget.reserve(1, loop))).as("past the longest line").isNull();

    InFlightBudget noWait = new InFlightBudget(100, Duration.ZERO, 10);
    now(noWait.reserve(100, loop));
    assertThat(now(noWait.reserve(1, loop))).isNull();
    assertThat(noWait.waiters()).isZero();
  }

  @Test
  void aCancelledWaiter_leavesTheLine_andTakesNothing() throws Exception {
    InFlightBudget budget = new InFlightBudget(100, Duration.ofMinutes(1), 10);
    InFlightBudget.Reservation held = now(budget.reserve(100, loop));
    CompletableFuture<InFlightBudget.Reservation> gone = budget.reserve(50, loop);
    CompletableFuture<InFlightBudget.Reservation> next = budget.reserve(50, loop);
    gone.cancel(false);
    assertThat(budget.waiters()).isEqualTo(1);
    held.release();
    assertThat(within(next).heldBytes()).isEqualTo(50);
    assertThat(budget.usedBytes()).isEqualTo(50);
  }
}
