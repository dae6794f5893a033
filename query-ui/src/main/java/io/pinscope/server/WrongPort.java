package io.pinscope.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.Map;

/**
 * A request on a port that does not serve it: 404 with {@code {"error": "<path>: <what this port serves>"}},
 * so that a client pointed at the wrong port learns which one to use; a gRPC request gets {@code UNIMPLEMENTED}
 * with that message.
 */
final class WrongPort implements HttpService {
  /** On the OTLP ports, anything but OTLP. */
  static final String OTLP_ONLY = "not served here: this port serves OTLP only (gRPC, and HTTP POST /v1/traces, "
      + "/v1/metrics, /v1/logs); the query API, UI, /health, /ready and /metrics are on the query port";
  /** On the query port, OTLP. */
  static final String NO_OTLP = "not served here: the query port does not take OTLP; send it to the OTLP ports "
      + "(--grpc-port, --http-port)";
  /** On a collector's query port, anything but the probes. */
  static final String PROBES_ONLY = "not served here: a collector's query port serves /health, /ready and /metrics "
      + "only (the query API and UI run in the all-in-one and query roles)";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String message;

  WrongPort(String message) {
    this.message = message;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws JsonProcessingException {
    MediaType type = req.contentType();
    if (type != null && type.subtype().startsWith("grpc")) {
      // gRPC clients read the status from the trailers: UNIMPLEMENTED (12) and why (printable ASCII, no '%').
      return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK).contentType(type).set("grpc-status", "12")
          .set("grpc-message", ctx.path() + ": " + message).build());
    }
    return HttpResponse.of(HttpStatus.NOT_FOUND, MediaType.JSON_UTF_8,
        JSON.writeValueAsBytes(Map.of("error", ctx.path() + ": " + message)));
  }
}
