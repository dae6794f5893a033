package io.pinscope.alarm.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The webhook JSON's edge cases (the common case is asserted as received, in ChannelDispatcherHttpTest). */
class WebhookPayloadTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void targetAndLinkAreWrittenAndNonFiniteNumbersAreNull() throws Exception {
    Notification n = new Notification(Notification.Kind.ESCALATION, "r-3", "db slow", "shop",
        "AVG RESPONSE TIME TO CALLEE", "payment-db", Double.POSITIVE_INFINITY, Double.NaN, "ms", "no data",
        TestNotifications.FIRST_DETECTED, TestNotifications.EVALUATED, 12, "https://x.example/#/alarms");

    JsonNode body = JSON.readTree(WebhookPayload.json(n));

    assertThat(body.path("kind").asText()).isEqualTo("ESCALATION");
    assertThat(body.path("rule").path("target").asText()).isEqualTo("payment-db");
    assertThat(body.path("rule").path("threshold").isNull()).isTrue();
    assertThat(body.path("value").isNull()).isTrue();
    assertThat(body.path("link").asText()).isEqualTo("https://x.example/#/alarms");
    assertThat(body.path("summary").asText())
        .isEqualTo("ESCALATED: AVG RESPONSE TIME TO CALLEE of shop → payment-db ≥ n/a (n/a)");
  }
}
