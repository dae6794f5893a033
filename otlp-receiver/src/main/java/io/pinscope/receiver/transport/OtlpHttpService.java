package io.pinscope.receiver.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import com.google.rpc.Status;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pinscope.receiver.ExportOutcome;
import io.pinscope.receiver.ReceiverMetrics;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/traces|metrics|logs}: protobuf ({@code application/x-protobuf}) or JSON
 * ({@code application/json}) bodies, optionally gzip-encoded. Answers 200 with the export response in the
 * request's encoding (with {@code partial_success} when items were rejected); 400 for undecodable bodies,
 * 413 past the size limit after decompression, 415 for other content types or encodings, 503 with
 * {@code Retry-After} when busy or when storage fails. Error bodies are {@code google.rpc.Status} in the
 * request's encoding. Decoding and storing run on the {@link IngestExecutor}, never on an event loop.
 */
final class OtlpHttpService implements HttpService {
  private static final Logger logger = LoggerFactory.getLogger(OtlpHttpService.class);
  private static final MediaType X_PROTOBUF = MediaType.create("application", "x-protobuf");

  private final Signal signal;
  private final Function<Message, ExportOutcome> ingest;
  private final IngestExecutor executor;
  private final long maxBodyBytes;
  private final ReceiverMetrics metrics;

  OtlpHttpService(Signal signal, Function<Message, ExportOutcome> ingest, IngestExecutor executor,
      long maxBodyBytes, ReceiverMetrics metrics) {
    this.signal = signal;
    this.ingest = ingest;
    this.executor = executor;
    this.maxBodyBytes = maxBodyBytes;
    this.metrics = metrics;
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
    CompletableFuture<HttpResponse> response = req.aggregate().thenCompose(agg -> {
      metrics.count("pinscope_receiver_bytes_total", agg.content().length(), "signal", signal.label());
      return executor.submit(agg.content().length(), () -> handle(agg, json));
    }).handle((ok, error) -> ok != null ? ok : failure(error, json));
    return HttpResponse.of(response);
  }

  private HttpResponse handle(AggregatedHttpRequest agg, boolean json) {
    String encoding = agg.headers().get(HttpHeaderNames.CONTENT_ENCODING, "");
    byte[] body = BodyDecoder.decode(agg.content().array(), encoding, maxBodyBytes);
    Message request;
    try {
      request = json ? signal.parseJson(body) : signal.parseProtobuf(body);
    } catch (InvalidProtocolBufferException e) {
      throw new BadRequestException(400, "invalid OTLP protobuf: " + e.getMessage(), e);
    }
    ExportOutcome outcome = ingest.apply(request);
    count(outcome.rejected() > 0 ? "partial" : "ok");
    Message reply = signal.response(outcome);
    return json
        ? HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, OtlpJson.print(reply))
        : HttpResponse.of(HttpStatus.OK, X_PROTOBUF, reply.toByteArray());
  }

  private HttpResponse failure(Throwable error, boolean json) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof BadRequestException bad) {
      count(switch (bad.httpStatus()) {
        case 413 -> "too_large";
        case 415 -> "unsupported_media_type";
        default -> "bad_request";
      });
      logger.debug("{} rejected: {}", signal.path(), bad.getMessage());
      return status(HttpStatus.valueOf(bad.httpStatus()), Code.INVALID_ARGUMENT, bad.getMessage(), json, null);
    }
    if (cause instanceof OverloadedException busy) {
      count("overloaded");
      return status(HttpStatus.SERVICE_UNAVAILABLE, Code.UNAVAILABLE, busy.getMessage(), json,
          busy.retryAfterSeconds());
    }
    count("storage_failed");
    logger.warn("{} failed; answering 503 so the client retries", signal.path(), cause);
    return status(HttpStatus.SERVICE_UNAVAILABLE, Code.UNAVAILABLE,
        "storage unavailable: " + cause.getMessage(), json, 5);
  }

  private static HttpResponse status(HttpStatus http, Code code, String message, boolean json,
      @Nullable Integer retryAfterSeconds) {
    Status status = Status.newBuilder().setCode(code.getNumber()).setMessage(message).build();
    ResponseHeadersBuilder headers = ResponseHeaders.builder(http)
        .contentType(json ? MediaType.JSON_UTF_8 : X_PROTOBUF);
    if (retryAfterSeconds != null) {
      headers.add(HttpHeaderNames.RETRY_AFTER, Integer.toString(retryAfterSeconds));
    }
    return json
        ? HttpResponse.of(headers.build(), com.linecorp.armeria.common.HttpData.ofUtf8(OtlpJson.print(status)))
        : HttpResponse.of(headers.build(), com.linecorp.armeria.common.HttpData.wrap(status.toByteArray()));
  }

  private void count(String outcome) {
    metrics.count("pinscope_receiver_requests_total", 1, "signal", signal.label(), "transport", "http",
        "outcome", outcome);
  }
}
