package io.pinscope.compat.shop;

import org.jspecify.annotations.Nullable;

/**
 * The runtimes the shop's services run on, each with its official OpenTelemetry SDK and that SDK's default
 * OTLP transport. Where a runtime's service lives and how it is prepared and started is in
 * {@link ShopRuntimes}; the services themselves follow one hop protocol ({@code compat-tests/shop/README.md}).
 */
enum ShopRuntime {
  /** {@code JavaHopService} under the stock OpenTelemetry Java agent with Pinscope's extension; OTLP/HTTP protobuf. */
  JAVA(null, "JAVA", "http/protobuf"),
  /** {@code shop/python-flask}: Flask under {@code opentelemetry-instrument}; the distro's default, OTLP/gRPC. */
  PYTHON("python-flask", "PYTHON", "grpc"),
  /** {@code shop/node-express}: express under {@code @opentelemetry/sdk-node}'s register hook; OTLP/HTTP protobuf. */
  NODE("node-express", "NODE", "http/protobuf"),
  /** {@code shop/go-nethttp}: net/http with otelhttp and the Go SDK's {@code otlptracegrpc}; OTLP/gRPC. */
  GO("go-nethttp", "GO", "grpc"),
  /**
   * {@code shop/php-otlp}: PHP's built-in server, spans built by hand and sent as OTLP/HTTP protobuf through
   * protoc-generated classes — not the OTel PHP SDK, which cannot be installed here.
   */
  PHP("php-otlp", "PHP", "http/protobuf"),
  /**
   * {@code TomcatHopService} on embedded Tomcat 9 + HttpClient 4 under the real Pinpoint agent: no OTLP at all,
   * only Pinpoint's headers; Pinscope sees it as the caller or callee its neighbours name.
   */
  PINPOINT(null, "TOMCAT", "none");

  private final @Nullable String directory;
  private final String serviceType;
  private final String otlpProtocol;

  ShopRuntime(@Nullable String directory, String serviceType, String otlpProtocol) {
    this.directory = directory;
    this.serviceType = serviceType;
    this.otlpProtocol = otlpProtocol;
  }

  /** The service's directory under {@code compat-tests/shop/}; null for the Java ones, which the module compiles. */
  @Nullable String directory() {
    return directory;
  }

  /** The service type Pinscope gives an application of this runtime (its node key suffix). */
  String serviceType() {
    return serviceType;
  }

  /** {@code OTEL_EXPORTER_OTLP_PROTOCOL}: the SDK's default, said explicitly. */
  String otlpProtocol() {
    return otlpProtocol;
  }

  /** Whether the SDK sends to the OTLP/gRPC port (else the OTLP/HTTP one). */
  boolean grpc() {
    return otlpProtocol.equals("grpc");
  }

  /** Whether services of this runtime send OTLP to Pinscope at all. */
  boolean exportsOtlp() {
    return !otlpProtocol.equals("none");
  }
}
