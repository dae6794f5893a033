package io.pinscope.receiver.transport;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Admission from a request's headers, before its body is read, the same for every OTLP transport: refused
 * at once while the store is known to refuse writes; otherwise the {@code Content-Length} (0 when absent)
 * is reserved from the in-flight budget, waiting in line for at most the admission wait, and refused
 * ({@link Failure#overloaded}) when it still does not fit. An admitted request holds its reservation until
 * it ends in any way, unless its body was handed off to the {@link IngestExecutor} meanwhile
 * ({@link InFlightBudget.Reservation#handOff()}); a request that ends while waiting leaves the line.
 */
final class Admission {
  private Admission() {}

  /** What an admitted request does: reads its body under {@code reservation} and answers. */
  @FunctionalInterface
  interface Admitted {
    /** @param declared the request's {@code Content-Length} (already reserved), or -1 */
    CompletableFuture<HttpResponse> serve(InFlightBudget.Reservation reservation, long declared);
  }

  /** Admits {@code req}; {@code refuse} answers (and counts) a refusal in the transport's terms. */
  static HttpResponse admit(ServiceRequestContext ctx, HttpRequest req, IngestExecutor executor,
      StorageFaults faults, Function<Failure, HttpResponse> refuse, Admitted admitted) {
    Failure refused = faults.refuseNow();
    if (refused != null) {
      return refuse.apply(refused);
    }
    long declared = req.headers().contentLength();
    if (declared > ctx.maxRequestLength() && ctx.maxRequestLength() > 0) {
      // Armeria has refused it already (its answer comes from the route's error handler); counted here.
      return refuse.apply(Failure.tooLarge(declared, ctx.maxRequestLength()));
    }
    CompletableFuture<InFlightBudget.@Nullable Reservation> admission =
        executor.admit(Math.max(0, declared), ctx.eventLoop());
    ctx.log().whenComplete().thenRun(() -> admission.cancel(false)); // leaves the line if it ends waiting
    return HttpResponse.of(admission.thenCompose(reservation -> {
      if (reservation == null) {
        return CompletableFuture.completedFuture(refuse.apply(Failure.overloaded(executor.busy())));
      }
      ctx.log().whenComplete().thenRun(reservation::releaseUnlessHandedOff);
      return admitted.serve(reservation, declared);
    }));
  }
}
