package io.pinscope.calltree;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.model.Attributes;
import org.junit.jupiter.api.Test;

class ArgumentsTest {
  @Test
  void queryText_winsOverUrlInBothGenerations() {
    assertThat(Arguments.of(Attributes.of("url.full", "http://db", "db.query.text", "SELECT 1")))
        .isEqualTo("SELECT 1");
    assertThat(Arguments.of(Attributes.of("http.url", "http://db", "db.statement", "SELECT 2")))
        .isEqualTo("SELECT 2");
  }

  @Test
  void concretePath_winsOverRouteTemplate() {
    assertThat(Arguments.of(Attributes.of("http.route", "/orders/{id}", "url.path", "/orders/7")))
        .isEqualTo("/orders/7");
    assertThat(Arguments.of(Attributes.of("http.route", "/orders/{id}"))).isEqualTo("/orders/{id}");
  }

  @Test
  void rpcAndMessaging_areRendered() {
    assertThat(Arguments.of(Attributes.of("rpc.method", "GetOrder"))).isEqualTo("GetOrder");
    assertThat(Arguments.of(Attributes.of("messaging.destination.name", "orders")))
        .isEqualTo("orders");
    assertThat(Arguments.of(Attributes.of("messaging.destination", "legacy-orders")))
        .isEqualTo("legacy-orders");
  }

  @Test
  void noKnownAttribute_isEmpty() {
    assertThat(Arguments.of(Attributes.of("thread.name", "main"))).isEmpty();
  }

  @Test
  void whitespaceRuns_collapseToOneSpace() {
    assertThat(Arguments.of(Attributes.of("db.query.text", "\n  SELECT *\n\tFROM  orders \n")))
        .isEqualTo("SELECT * FROM orders");
  }

  @Test
  void longValue_isCutWithAnEllipsis() {
    String exact = "x".repeat(Arguments.MAX_LENGTH);
    String longer = "y".repeat(Arguments.MAX_LENGTH + 1);

    assertThat(Arguments.of(Attributes.of("url.path", exact))).isEqualTo(exact);
    assertThat(Arguments.of(Attributes.of("url.path", longer)))
        .hasSize(Arguments.MAX_LENGTH)
        .endsWith("y...");
  }

  @Test
  void cut_neverSplitsASurrogatePair() {
    String emoji = "\uD83D\uDE00";
    String text = "a".repeat(Arguments.MAX_LENGTH - 4) + emoji + "z".repeat(10);

    String shortened = Arguments.of(Attributes.of("url.path", text));

    assertThat(shortened).isEqualTo("a".repeat(Arguments.MAX_LENGTH - 4) + "...");
  }
}
