package io.pinscope.server.auth;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Code;
import com.google.rpc.Status;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pinscope.server.auth.Auth.Check;
import io.pinscope.server.auth.Auth.Verdict;
import io.pinscope.server.auth.TokenRole.Access;
import java.nio.charset.StandardCharsets;

/**
 * Guards OTLP: a request needs an {@code ingest} token. OTLP/HTTP refusals answer 401 (with
 * {@code WWW-Authenticate: Bearer}) or 403 with a {@code google.rpc.Status} body ({@code UNAUTHENTICATED} or
 * {@code PERMISSION_DENIED}) in the request's encoding (JSON for {@code application/json}, else protobuf), as the
 * OTLP specification asks of every error; gRPC refusals answer a trailers-only response with
 * {@code grpc-status} {@code UNAUTHENTICATED} (16) or {@code PERMISSION_DENIED} (7). The check runs on the event
 * loop before the body is read (a hash and a few comparisons).
 */
final class OtlpAuthDecorator implements DecoratingHttpServiceFunction {
  static final String LISTENER = "otlp";
  private static final MediaType X_PROTOBUF = MediaType.create("application", "x-protobuf");
  private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

  private final Auth auth;

  OtlpAuthDecorator(Auth auth) {
    this.auth = auth;
  }

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
    Check check = auth.check(req.headers().get(HttpHeaderNames.AUTHORIZATION), Access.INGEST);
    if (check.verdict() == Verdict.OK) {
      return delegate.serve(ctx, req);
    }
    auth.countFailure(LISTENER, check.verdict());
    boolean forbidden = check.verdict() == Verdict.FORBIDDEN;
    Code code = forbidden ? Code.PERMISSION_DENIED : Code.UNAUTHENTICATED;
    MediaType type = req.contentType();
    if (type != null && type.subtype().startsWith("grpc")) {
      return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK).contentType(type)
          .add("grpc-status", Integer.toString(code.getNumber()))
          .add("grpc-message", percentEncode(check.message())).build());
    }
    Status status = Status.newBuilder().setCode(code.getNumber()).setMessage(check.message()).build();
    boolean json = type != null && type.isJson();
    ResponseHeaders headers = ApiAuthDecorator.refusal(check, json ? MediaType.JSON_UTF_8 : X_PROTOBUF);
    return HttpResponse.of(headers, json ? HttpData.ofUtf8(print(status)) : HttpData.wrap(status.toByteArray()));
  }

  private static String print(Status status) {
    try {
      return JSON.print(status);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a google.rpc.Status always prints", e);
    }
  }

  /** gRPC's {@code grpc-message} encoding: printable ASCII but {@code %} as is, every other byte {@code %XX}. */
  static String percentEncode(String message) {
    StringBuilder b = new StringBuilder();
    for (byte c : message.getBytes(StandardCharsets.UTF_8)) {
      if (c >= 0x20 && c < 0x7f && c != '%') {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c & 0xff));
      }
    }
    return b.toString();
  }
}
