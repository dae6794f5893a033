package io.pinscope.model;

import static io.pinscope.TestObjects.randomTraceId;
import static io.pinscope.TestObjects.span;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class UriRoutesTest {
  private static StoredSpan server(Attributes attributes) {
    return span(randomTraceId(), "orders", 0).name("GET").kind(SpanKind.SERVER).attributes(attributes).build();
  }

  @Test
  void route_httpRouteFirst_prefixedByTheMethod_ofBothGenerations() {
    assertThat(UriRoutes.of(server(Attributes.of("http.route", "/orders/:id", "url.path", "/orders/12",
        "http.request.method", "GET")))).isEqualTo("GET /orders/:id");
    assertThat(UriRoutes.of(server(Attributes.of("http.route", "/orders", "http.method", "POST"))))
        .isEqualTo("POST /orders");
    assertThat(UriRoutes.of(server(Attributes.of("http.route", "/orders")))).isEqualTo("/orders");
  }

  @Test
  void route_withoutHttpRoute_isTheNormalisedPath_withoutQuery() {
    assertThat(UriRoutes.of(server(Attributes.of("url.path", "/orders/12", "http.request.method", "GET"))))
        .isEqualTo("GET /orders/{id}");
    assertThat(UriRoutes.of(server(Attributes.of("http.target", "/orders/13?x=1#top", "http.method", "GET"))))
        .isEqualTo("GET /orders/{id}");
    assertThat(UriRoutes.of(server(Attributes.of("http.target", "?x=1")))).isEqualTo("/");
  }

  @Test
  void route_withoutHttpAttributes_isTheNormalisedSpanName_andOnlyEntriesHaveOne() {
    StoredSpan consumer = span(randomTraceId(), "orders", 0).name("orders process").kind(SpanKind.CONSUMER)
        .attributes(Attributes.of("messaging.system", "kafka")).build();
    assertThat(UriRoutes.of(consumer)).isEqualTo("orders process");
    StoredSpan client = span(randomTraceId(), "orders", 0).name("GET").kind(SpanKind.CLIENT)
        .parentSpanId(7).attributes(Attributes.of("url.path", "/x")).build();
    assertThat(UriRoutes.of(client)).isNull();
  }

  @Test
  void route_isCutToItsMaximumLength() {
    String longPath = "/" + "x".repeat(UriRoutes.MAX_LENGTH * 2);
    assertThat(UriRoutes.of(server(Attributes.of("url.path", longPath)))).hasSize(UriRoutes.MAX_LENGTH);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "/orders/12, /orders/{id}",
      "/orders/12/items/3, /orders/{id}/items/{id}",
      "/users/123e4567-e89b-12d3-a456-426614174000, /users/{id}",
      "/blobs/deadbeefdeadbeef00, /blobs/{id}",
      "/blobs/deadbeef, /blobs/deadbeef",
      "/api/v1/orders, /api/v1/orders",
      "/, /",
      "/orders/, /orders/",
  })
  void normalise_replacesNumbersUuidsAndLongHex(String path, String expected) {
    assertThat(UriRoutes.normalise(path)).isEqualTo(expected);
  }
}
