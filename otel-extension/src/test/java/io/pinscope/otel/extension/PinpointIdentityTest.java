package io.pinscope.otel.extension;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PinpointIdentityTest {
  /** What a Pinpoint agent accepts as a TxId: a valid agent id, then two decimal longs. */
  private static final String PINPOINT_TX_ID = "[a-zA-Z0-9._-]{1,24}\\^\\d+\\^\\d+";
  private static final Resource CHECKOUT = Resource.builder()
      .put(PinpointIdentity.SERVICE_NAME, "checkout")
      .put(PinpointIdentity.HOST_NAME, "host-1")
      .build();

  private final Logger logger = Logger.getLogger(PinpointIdentity.class.getName());
  private final List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void captureLog() {
    PinpointIdentity.resetForTest();
    logger.addHandler(capture);
  }

  @AfterEach
  void reset() {
    logger.removeHandler(capture);
    PinpointIdentity.resetForTest();
  }

  @Test
  void isValidAgentId_followsPinpointsRule() {
    assertThat(PinpointIdentity.isValidAgentId("checkout-a1")).isTrue();
    assertThat(PinpointIdentity.isValidAgentId("A.b_c-9")).isTrue();
    assertThat(PinpointIdentity.isValidAgentId(repeat('a', 24))).isTrue();
    assertThat(PinpointIdentity.isValidAgentId(repeat('a', 25))).isFalse();
    assertThat(PinpointIdentity.isValidAgentId("")).isFalse();
    for (String bad : new String[] {"a b", "a^b", "a/b", "a:b", "agent\u00e9", "a,b"}) {
      assertThat(PinpointIdentity.isValidAgentId(bad)).as(bad).isFalse();
    }
  }

  @Test
  void validConfiguredAgentId_isKept_withoutWarning() {
    PinpointIdentity identity = PinpointIdentity.resolve(config("pinscope.agent.id", repeat('a', 24)), CHECKOUT);

    assertThat(identity.agentId).isEqualTo(repeat('a', 24));
    assertThat(warnings()).isEmpty();
  }

  @Test
  void tooLongConfiguredAgentId_fallsBackToTheDerivedOne_withOneWarning() {
    String tooLong = "checkout-eu-west-1-pod-7f9c";
    PinpointIdentity identity = PinpointIdentity.resolve(config("pinscope.agent.id", tooLong), CHECKOUT);
    String derived = PinpointIdentity.derivedAgentId("host-1", "checkout");

    assertThat(identity.agentId).isEqualTo(derived);
    assertThat(warnings()).singleElement().satisfies(message -> assertThat(message)
        .contains("\"" + tooLong + "\"", "24 characters", "[a-zA-Z0-9._-]", "\"" + derived + "\""));
  }

  @Test
  void invalidCharacters_fromAnySource_fallBack() {
    String derived = PinpointIdentity.derivedAgentId("host-1", "checkout");
    Resource withAttribute = CHECKOUT.merge(Resource.builder().put(PinpointIdentity.AGENT_ID, "pod 7").build());

    assertThat(PinpointIdentity.resolve(config("pinpoint.agentId", "a^b"), CHECKOUT).agentId).isEqualTo(derived);
    assertThat(PinpointIdentity.resolve(config(), withAttribute).agentId).isEqualTo(derived);
    assertThat(warnings()).hasSize(2);
  }

  @Test
  void theSameInvalidId_isWarnedAboutOnce() {
    ConfigProperties config = config("pinscope.agent.id", "checkout/1");
    PinpointIdentity.current(config);
    PinpointIdentity.resolve(config, CHECKOUT);

    assertThat(warnings()).hasSize(1);
  }

  @Test
  void everyGeneratedTxId_startsWithAValidAgentId() {
    PinpointIdentity identity =
        PinpointIdentity.resolve(config("pinscope.agent.id", "this agent id is far too long"), CHECKOUT);

    assertThat(TransactionIds.next(identity)).matches(PINPOINT_TX_ID);
    for (String traceId : new String[] {"0af7651916cd43dd8448eb211c80319c", "ffffffffffffffffffffffffffffffff"}) {
      assertThat(TransactionIds.fromTraceId(traceId)).matches(PINPOINT_TX_ID);
    }
  }

  private List<String> warnings() {
    List<String> messages = new ArrayList<>();
    synchronized (logged) {
      for (LogRecord record : logged) {
        if (record.getLevel() == Level.WARNING) {
          messages.add(MessageFormat.format(record.getMessage(), record.getParameters()));
        }
      }
    }
    return messages;
  }

  private static ConfigProperties config(String... keysAndValues) {
    Map<String, String> properties = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return DefaultConfigProperties.createFromMap(properties);
  }

  private static String repeat(char c, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(c);
    }
    return sb.toString();
  }
}
