package io.pinscope.server.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pinscope.server.auth.Auth.Check;
import io.pinscope.server.auth.Auth.Verdict;
import io.pinscope.server.auth.TokenRole.Access;
import java.util.Map;

/**
 * Guards the query API: {@code GET} and {@code HEAD} need a {@code read} or {@code admin} token, every other
 * method an {@code admin} token (alarm rules, channels, silences, acknowledgements, settings). Refusals answer
 * 401 with {@code WWW-Authenticate: Bearer} or 403, with the API's error body {@code {"error": "..."}}.
 */
final class ApiAuthDecorator implements DecoratingHttpServiceFunction {
  static final String LISTENER = "query";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Auth auth;

  ApiAuthDecorator(Auth auth) {
    this.auth = auth;
  }

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
    Access access = req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD ? Access.READ : Access.ADMIN;
    Check check = auth.check(req.headers().get(HttpHeaderNames.AUTHORIZATION), access);
    if (check.verdict() == Verdict.OK) {
      return delegate.serve(ctx, req);
    }
    auth.countFailure(LISTENER, check.verdict());
    return HttpResponse.of(refusal(check, MediaType.JSON_UTF_8), HttpData.ofUtf8(error(check.message())));
  }

  /**
   * The headers of a refusal: 403 for {@link Verdict#FORBIDDEN}, else 401 with an RFC 6750 challenge
   * ({@code error="invalid_token"} when a token was given).
   */
  static ResponseHeaders refusal(Check check, MediaType type) {
    if (check.verdict() == Verdict.FORBIDDEN) {
      return ResponseHeaders.builder(HttpStatus.FORBIDDEN).contentType(type).build();
    }
    ResponseHeadersBuilder b = ResponseHeaders.builder(HttpStatus.UNAUTHORIZED).contentType(type);
    b.add(HttpHeaderNames.WWW_AUTHENTICATE, check.verdict() == Verdict.INVALID
        ? "Bearer realm=\"pinscope\", error=\"invalid_token\"" : "Bearer realm=\"pinscope\"");
    return b.build();
  }

  private static String error(String message) {
    try {
      return JSON.writeValueAsString(Map.of("error", message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string map always serializes", e);
    }
  }
}
