package io.pinscope.alarm.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder and the SMTP settings reject bad values, naming the field, the value and what is expected. */
class ChannelDispatcherBuilderTest {
  @Test
  void rejectsBadSettings() {
    ChannelDispatcher.Builder b = ChannelDispatcher.builder();
    assertThatThrownBy(() -> b.attempts(0)).hasMessage("attempts: 0 (expected: 1..10)");
    assertThatThrownBy(() -> b.timeout(Duration.ZERO)).hasMessage("timeout: PT0S (expected: 1 ms..10 min)");
    assertThatThrownBy(() -> b.backoff(Duration.ofSeconds(-1))).hasMessage("backoff: PT-1S (expected: 0..10 min)");
    assertThatThrownBy(() -> b.maxInFlight(0)).hasMessage("maxInFlight: 0 (expected: 1..100000)");
    assertThatThrownBy(() -> b.mailThreads(0)).hasMessage("mailThreads: 0 (expected: 1..16)");
    assertThatThrownBy(() -> b.publicBaseUrl("pinscope.example"))
        .hasMessage("publicBaseUrl: \"pinscope.example\" (expected: an http or https URL)");
    assertThatThrownBy(() -> SmtpSettings.of("mail", 0, "a@b.example")).hasMessage("port: 0 (expected: 1..65535)");
    assertThatThrownBy(() -> SmtpSettings.of("mail", 25, "not an address"))
        .hasMessage("from: \"not an address\" (expected: an email address)");
    assertThatThrownBy(() -> new SmtpSettings("mail", 25, "a@b.example", null, "pw", false))
        .hasMessage("password: set (expected: only with a username)");
  }

  @Test
  void relativeLinksGoUnderTheBaseUrlAndAbsoluteOnesAreKept() {
    try (ChannelDispatcher d = ChannelDispatcher.builder().publicBaseUrl("http://ui.example:8080/pinscope/").build()) {
      Notification n = TestNotifications.firing();
      assertThat(d.withLink(n).link()).isEqualTo("http://ui.example:8080/pinscope/#/alarms?application=shop&rule=r-1");
      assertThat(d.withLink(withLink(n, "#/alarms?rule=r-1")).link())
          .isEqualTo("http://ui.example:8080/pinscope/#/alarms?rule=r-1");
      assertThat(d.withLink(withLink(n, "https://elsewhere.example/x")).link())
          .isEqualTo("https://elsewhere.example/x");
    }
    try (ChannelDispatcher d = ChannelDispatcher.builder().build()) {
      assertThat(d.withLink(TestNotifications.firing()).link()).isNull();
    }
  }

  @Test
  void smtpSettingsNeverShowThePassword() {
    assertThat(new SmtpSettings("mail", 587, "a@b.example", "user", "hunter2", true).toString())
        .doesNotContain("hunter2").contains("password=***");
  }

  private static Notification withLink(Notification n, String link) {
    return new Notification(n.kind(), n.ruleId(), n.ruleName(), n.application(), n.checker(), n.target(),
        n.threshold(), n.value(), n.unit(), n.message(), n.firstDetectedMillis(), n.evaluatedMillis(),
        n.sequence(), link);
  }
}
