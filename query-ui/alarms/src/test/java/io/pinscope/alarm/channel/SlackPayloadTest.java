package io.pinscope.alarm.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Slack's limits and escaping (the common case is asserted as received, in ChannelDispatcherHttpTest). */
class SlackPayloadTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aHugeMessageIsCutBelowSlacksLimitAndKeepsTheLink() throws Exception {
    Notification n = new Notification(Notification.Kind.FIRING, "r-1", "rule", "shop", "ERROR RATE", null, 10,
        50, "%", "<!channel> " + "x".repeat(5000), TestNotifications.FIRST_DETECTED, TestNotifications.EVALUATED,
        1, "https://pinscope.example/#/alarms?rule=a|b");

    JsonNode body = JSON.readTree(SlackPayload.json(n));

    String section = body.path("blocks").get(0).path("text").path("text").asText();
    assertThat(section).hasSizeLessThanOrEqualTo(SlackPayload.MAX_TEXT_CHARS)
        .contains("&lt;!channel&gt;").doesNotContain("<!channel>")
        .endsWith("\n<https://pinscope.example/#/alarms?rule=a%7Cb|Open in Pinscope>");
    assertThat(body.path("text").asText()).isEqualTo("FIRING: ERROR RATE of shop ≥ 10 % (50 %)");
    assertThat(body.path("blocks").get(1).path("elements").get(3).path("text").asText())
        .isEqualTo("1 evaluation");
  }
}
