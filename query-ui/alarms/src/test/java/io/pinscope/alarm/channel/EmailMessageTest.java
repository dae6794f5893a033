package io.pinscope.alarm.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The email's subject and body, and the headline wording every channel shares. */
class EmailMessageTest {
  private static Notification with(Notification.Kind kind, String checker, String target, double threshold,
      double value, String unit) {
    return new Notification(kind, "r-2", "rule", "shop", checker, target, threshold, value, unit, "found",
        TestNotifications.FIRST_DETECTED, TestNotifications.EVALUATED, 1, null);
  }

  @Test
  void subjectSaysKindCheckerApplicationThresholdAndValue() {
    assertThat(EmailMessage.of(TestNotifications.firing()).subject())
        .isEqualTo("[Pinscope] FIRING: ERROR RATE of shop ≥ 10 % (23.4 %)");
    assertThat(EmailMessage.of(TestNotifications.errorRate(Notification.Kind.REPEAT)).subject())
        .isEqualTo("[Pinscope] STILL FIRING: ERROR RATE of shop ≥ 10 % (23.4 %)");
    assertThat(EmailMessage.of(TestNotifications.errorRate(Notification.Kind.ESCALATION)).subject())
        .isEqualTo("[Pinscope] ESCALATED: ERROR RATE of shop ≥ 10 % (23.4 %)");
    assertThat(EmailMessage.of(with(Notification.Kind.RECOVERY, "ERROR RATE", null, 10, 2, "%")).subject())
        .isEqualTo("[Pinscope] RECOVERED: ERROR RATE of shop < 10 % (2 %)");
  }

  @Test
  void apdexFiresBelowItsThreshold() {
    assertThat(EmailMessage.of(with(Notification.Kind.FIRING, "APDEX", null, 0.7, 0.6534, "score")).subject())
        .isEqualTo("[Pinscope] FIRING: APDEX of shop ≤ 0.7 (0.653)");
    assertThat(EmailMessage.of(with(Notification.Kind.RECOVERY, "APDEX", null, 0.7, 0.91, "score")).subject())
        .isEqualTo("[Pinscope] RECOVERED: APDEX of shop > 0.7 (0.91)");
  }

  @Test
  void targetsUnitsAndOddNumbers() {
    assertThat(EmailMessage.of(with(Notification.Kind.FIRING, "AVG RESPONSE TIME TO CALLEE", "payment-db",
        500, 1234.5678, "ms")).subject())
        .isEqualTo("[Pinscope] FIRING: AVG RESPONSE TIME TO CALLEE of shop → payment-db ≥ 500 ms (1234.57 ms)");
    assertThat(EmailMessage.of(with(Notification.Kind.FIRING, "ERROR COUNT", null, 10, 17, "count")).subject())
        .isEqualTo("[Pinscope] FIRING: ERROR COUNT of shop ≥ 10 (17)");
    assertThat(EmailMessage.of(with(Notification.Kind.FIRING, "ERROR COUNT", null, 10, Double.NaN, "count"))
        .subject()).isEqualTo("[Pinscope] FIRING: ERROR COUNT of shop ≥ 10 (n/a)");
  }

  @Test
  void aLongMultiLineTargetKeepsTheSubjectOnOneShortLine() {
    String statement = "SELECT *\n  FROM orders\n WHERE id = ? " + "AND x = ? ".repeat(100);
    EmailMessage m = EmailMessage.of(with(Notification.Kind.FIRING, "STATEMENT AVG RESPONSE TIME", statement,
        100, 250, "ms"));

    assertThat(m.subject()).doesNotContain("\n").hasSizeLessThanOrEqualTo(EmailMessage.MAX_SUBJECT_CHARS)
        .startsWith("[Pinscope] FIRING: STATEMENT AVG RESPONSE TIME of shop → SELECT * FROM orders WHERE id = ?")
        .endsWith("≥ 100 ms (250 ms)");
    // The body has the whole statement.
    assertThat(m.body()).contains("Target:         " + statement + "\n");
  }

  @Test
  void bodyHasNoLinkLineWithoutALink() {
    assertThat(EmailMessage.of(TestNotifications.firing()).body()).doesNotContain("Link:")
        .contains("Checker:        ERROR RATE\n").endsWith("\n--\nSent by Pinscope alarms.\n");
  }
}
