package io.pinscope.receiver.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceErrorHandler;
import com.linecorp.armeria.server.ServiceOptions;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pinscope.receiver.ExportOutcome;
import io.pinscope.receiver.IngestPipeline;
import io.pinscope.receiver.ReceiverMetrics;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/traces|metrics|logs}: protobuf ({@code application/x-protobuf}) or JSON
 * ({@code application/json}) bodies, optionally gzip-encoded. Answers 200 with the export response in the
 * request's encoding (with {@code partial_success} when items were rejected); 400 for undecodable bodies,
 * 413 past the size limit, 415 for other content types or encodings, 408 when the request's deadline
 * passes before it was received and stored, 503 with {@code Retry-After} when busy or when storage fails.
 * Error bodies are {@code google.rpc.Status} in the request's encoding.
 *
 * <p>Admission happens from the headers, before the body is read: while the store is known to refuse
 * writes the request is refused at once; when its {@code Content-Length} does not fit the in-flight budget
 * it waits in line, its body unread, for at most the admission wait, and is refused if it still does not fit. A body without a length reserves budget as it arrives and is cut off (503) when the budget runs
 * out. An upload that sends no byte for the upload idle timeout is cut off (408) and gives its bytes back. The reservation is held until the request ends in any way, or, once its body was handed to the
 * executor, until that work ends (a queued body holds its memory even when its client has gone; the work
 * is skipped at dequeue when the request was cancelled meanwhile). A refused body is never buffered: over
 * HTTP/1.1 Armeria reads and drops the rest of it (so the connection stays usable and the client gets the
 * 503), over HTTP/2 the stream is reset at once. Decoding and storing run on the {@link IngestExecutor},
 * never on an event loop.
 */
final class OtlpHttpService implements HttpService {
  private static final Logger logger = LoggerFactory.getLogger(OtlpHttpService.class);
  private static final MediaType X_PROTOBUF = Failure.X_PROTOBUF;
  /** Armeria waits 1 s by default before resetting the stream of a request answered before its end. */
  static final ServiceOptions REFUSE_QUICKLY = ServiceOptions.builder().closeHttp2StreamDelayMillis(0).build();

  private final Signal signal;
  private final IngestPipeline pipeline;
  private final IngestExecutor executor;
  private final StorageFaults faults;
  private final long maxBodyBytes;
  private final long wireLimit;
  private final ReceiverMetrics metrics;
  private final Duration uploadIdleTimeout;

  OtlpHttpService(Signal signal, IngestPipeline pipeline, IngestExecutor executor,
      StorageFaults faults, long maxBodyBytes, long wireLimit, ReceiverMetrics metrics, Duration uploadIdleTimeout) {
    this.signal = signal;
    this.pipeline = pipeline;
    this.executor = executor;
    this.faults = faults;
    this.maxBodyBytes = maxBodyBytes;
    this.wireLimit = wireLimit;
    this.metrics = metrics;
    this.uploadIdleTimeout = uploadIdleTimeout;
  }

  /**
   * Answers a declared length the server refused before this service answered as every other refusal:
   * 413 with a {@code google.rpc.Status} body in the request's encoding; anything else is left to the
   * server's handler.
   */
  static final ServiceErrorHandler ERRORS = (ctx, cause) -> {
    Failure tooLarge = Failure.ofEarlyRefusal(ctx, cause);
    MediaType type = ctx.request().contentType();
    return tooLarge != null ? tooLarge.httpResponse(type != null && type.isJson()) : null;
  };

  /** HTTP/2: reset a refused request's stream as soon as it is answered, so its client stops sending. */
  @Override
  public ServiceOptions options() {
    return REFUSE_QUICKLY;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    if (req.method() != HttpMethod.POST) {
      return HttpResponse.of(HttpStatus.METHOD_NOT_ALLOWED, MediaType.PLAIN_TEXT_UTF_8,
          "method: " + req.method() + " (expected: POST)");
    }
    MediaType type = req.contentType();
    boolean json = type != null && type.isJson();
    boolean protobuf = type != null && (type.is(X_PROTOBUF) || type.isProtobuf());
    if (!json && !protobuf) {
      count("unsupported_media_type");
      return HttpResponse.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, MediaType.PLAIN_TEXT_UTF_8,
          "Content-Type: " + type + " (expected: application/x-protobuf or application/json)");
    }
    return Admission.admit(ctx, req, executor, faults, refused -> failure(refused, json),
        (reservation, declared) -> readAndStore(ctx, req, reservation, declared, json));
  }

  private CompletableFuture<HttpResponse> readAndStore(ServiceRequestContext ctx, HttpRequest req,
      InFlightBudget.Reservation reservation, long declared, boolean json) {
    String encoding = req.headers().get(HttpHeaderNames.CONTENT_ENCODING, "");
    return BodyReader.read(req, ctx.eventLoop(), reservation, declared, wireLimit, null, executor::busy,
        uploadIdleTimeout).handle((body, error) -> {
          if (error != null) {
            reservation.release();
            return CompletableFuture.completedFuture(
                failure(Failure.ofTransfer(error, ctx.isTimedOut()), json));
          }
          metrics.count("pinscope_receiver_bytes_total", body.length(), "signal", signal.label());
          reservation.handOff(); // held while queued, even after the client went away
          return executor.submit(ctx, () -> handle(body, encoding, json)).handle((ok, failed) -> {
            reservation.release();
            return ok != null ? ok : failure(Failure.of(failed, ctx.isTimedOut(), faults), json);
          });
        }).thenCompose(f -> f);
  }

  private HttpResponse handle(BodyReader.Body body, String encoding, boolean json) {
    byte[] decoded = BodyDecoder.decode(body, encoding, maxBodyBytes);
    ExportOutcome outcome;
    try {
      outcome = signal.ingest(pipeline, decoded, json);
    } catch (InvalidProtocolBufferException e) {
      throw new BadRequestException(400, "invalid OTLP protobuf: " + e.getMessage(), e);
    }
    faults.succeeded();
    count(outcome.rejected() > 0 ? "partial" : "ok");
    Message reply = signal.response(outcome);
    return json
        ? HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, OtlpJson.print(reply))
        : HttpResponse.of(HttpStatus.OK, X_PROTOBUF, reply.toByteArray());
  }

  private HttpResponse failure(Failure failure, boolean json) {
    count(failure.outcome());
    if (!failure.outcome().equals("storage_failed") && !failure.outcome().equals("overloaded")) {
      logger.debug("{} not stored ({}): {}", signal.path(), failure.outcome(), failure.message());
    }
    return failure.httpResponse(json);
  }

  private void count(String outcome) {
    metrics.count("pinscope_receiver_requests_total", 1, "signal", signal.label(), "transport", "http",
        "outcome", outcome);
  }
}
