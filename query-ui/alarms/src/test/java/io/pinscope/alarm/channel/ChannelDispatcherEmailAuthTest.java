package io.pinscope.alarm.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.pinscope.model.alarm.AlarmChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Email through an SMTP server that wants a login. */
class ChannelDispatcherEmailAuthTest {
  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("alarms@pinscope.example", "alarms", "secret"));

  private Delivery send(String password) throws Exception {
    SmtpSettings smtp = new SmtpSettings("127.0.0.1", greenMail.getSmtp().getPort(), "alarms@pinscope.example",
        "alarms", password, false);
    try (ChannelDispatcher d = ChannelDispatcher.builder().backoff(Duration.ofMillis(10)).smtp(smtp).build()) {
      return d.deliver(TestNotifications.firing(), new AlarmChannel(AlarmChannel.Type.EMAIL, "oncall@shop.example"))
          .get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void logsInAndSends() throws Exception {
    Delivery d = send("secret");

    assertThat(d.delivered()).as(d.detail()).isTrue();
    assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
  }

  @Test
  void aRefusedLoginIsNotRetried() throws Exception {
    Delivery d = send("wrong");

    assertThat(d.delivered()).isFalse();
    assertThat(d.attempts()).isEqualTo(1);
    assertThat(d.detail()).startsWith("SMTP login failed");
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }
}
