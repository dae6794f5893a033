package io.pinscope.alarm.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.pinscope.FreePorts;
import io.pinscope.MutableClock;
import io.pinscope.model.alarm.AlarmChannel;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Email through a real SMTP server (GreenMail, on a free port) and through one that is not there. */
class ChannelDispatcherEmailTest {
  private static final ServerSetup SMTP = ServerSetupTest.SMTP.dynamicPort();

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(SMTP);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T08:05:03Z"));
  private final AlarmChannel oncall = new AlarmChannel(AlarmChannel.Type.EMAIL, "oncall@shop.example");

  private ChannelDispatcher.Builder dispatcher(int port) {
    return ChannelDispatcher.builder()
        .backoff(Duration.ofMillis(10))
        .clock(clock)
        .publicBaseUrl("https://pinscope.example")
        .smtp(SmtpSettings.of("127.0.0.1", port, "Pinscope <alarms@pinscope.example>"));
  }

  private static Delivery await(CompletableFuture<Delivery> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  @Test
  void anEmailArrivesWithTheSubjectAndTheFacts() throws Exception {
    try (ChannelDispatcher d = dispatcher(greenMail.getSmtp().getPort()).build()) {
      Delivery delivery = await(d.deliver(TestNotifications.firing(), oncall));

      assertThat(delivery.delivered()).as(delivery.detail()).isTrue();
      assertThat(delivery.attempts()).isEqualTo(1);
      assertThat(delivery.detail()).startsWith("250");
      assertThat(delivery.finishedMillis()).isEqualTo(clock.millis());
    }
    assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
    MimeMessage mail = greenMail.getReceivedMessages()[0];
    assertThat(mail.getSubject()).isEqualTo("[Pinscope] FIRING: ERROR RATE of shop ≥ 10 % (23.4 %)");
    assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
        .containsExactly("oncall@shop.example");
    assertThat(mail.getFrom()).extracting(Object::toString)
        .containsExactly("Pinscope <alarms@pinscope.example>");
    assertThat(mail.getSentDate().toInstant()).isEqualTo(clock.instant());
    assertThat(mail.getContent()).isInstanceOf(String.class);
    String text = ((String) mail.getContent()).replace("\r\n", "\n");
    assertThat(text)
        .startsWith("FIRING: ERROR RATE of shop ≥ 10 % (23.4 %)\n\n23.4 % of 1200 requests failed\n\n")
        .contains("Rule:           checkout errors (r-1)\n")
        .contains("Application:    shop\n")
        .contains("Threshold:      ≥ 10 %\n")
        .contains("Value:          23.4 %\n")
        .contains("First detected: 2026-11-30T08:00:00Z\n")
        .contains("Evaluated:      2026-11-30T08:05:00Z\n")
        .contains("Sequence:       6 evaluations in a row\n")
        .contains("Link:           https://pinscope.example/#/alarms?application=shop&rule=r-1\n");
  }

  @Test
  void anSmtpServerThatIsDownIsNotDeliveredAndSaysWhy() throws Exception {
    int closedPort = FreePorts.of(1)[0];
    try (ChannelDispatcher d = dispatcher(closedPort).attempts(2).build()) {
      Delivery delivery = await(d.deliver(TestNotifications.firing(), oncall));

      assertThat(delivery.delivered()).isFalse();
      assertThat(delivery.attempts()).isEqualTo(2);
      assertThat(delivery.detail()).isEqualTo("SMTP 127.0.0.1:" + closedPort + ": connection refused");
    }
  }

  @Test
  void emailWithoutAnSmtpServerFailsAtOnce() throws Exception {
    try (ChannelDispatcher d = ChannelDispatcher.builder().clock(clock).build()) {
      Delivery delivery = await(d.deliver(TestNotifications.firing(), oncall));

      assertThat(delivery.delivered()).isFalse();
      assertThat(delivery.attempts()).isEqualTo(1);
      assertThat(delivery.detail()).isEqualTo("email is not configured (no SMTP server set)");
    }
  }

  @Test
  void aTargetThatIsNotAnAddressFailsAtOnce() throws Exception {
    try (ChannelDispatcher d = dispatcher(greenMail.getSmtp().getPort()).build()) {
      Delivery delivery = await(d.deliver(TestNotifications.firing(),
          new AlarmChannel(AlarmChannel.Type.EMAIL, "not an address")));

      assertThat(delivery.delivered()).isFalse();
      assertThat(delivery.attempts()).isEqualTo(1);
      assertThat(delivery.detail()).isEqualTo("target: \"not an address\" (expected: an email address)");
    }
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }
}
