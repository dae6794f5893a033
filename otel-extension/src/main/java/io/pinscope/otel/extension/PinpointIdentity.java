package io.pinscope.otel.extension;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Who this process is in Pinpoint terms: application name, service type code, agent id and agent start
 * time. Resolved once from the configuration and the final resource; the propagator (a separate SPI
 * instance) reads the same values through {@link #current(ConfigProperties)}.
 *
 * <p>The agent id is always one Pinpoint accepts ({@link #isValidAgentId}): it starts every TxId this
 * process makes, and a Pinpoint agent that receives a TxId with an invalid agent id rejects it
 * ("invalid transactionId") and does not trace the request. A configured id that breaks the rule is
 * replaced by the derived one, with a warning.
 */
final class PinpointIdentity {
  private static final Logger logger = Logger.getLogger(PinpointIdentity.class.getName());

  static final AttributeKey<String> APPLICATION_NAME = AttributeKey.stringKey("pinpoint.applicationName");
  static final AttributeKey<String> AGENT_ID = AttributeKey.stringKey("pinpoint.agentId");
  static final AttributeKey<Long> AGENT_START_TIME = AttributeKey.longKey("pinpoint.agentStartTime");
  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  static final AttributeKey<String> HOST_NAME = AttributeKey.stringKey("host.name");

  /** Pinpoint's code for a Java application, as the receiver's type table reads it. */
  static final int DEFAULT_APPLICATION_TYPE = 1001;
  /** Pinpoint accepts agent ids of at most 24 characters from {@code [a-zA-Z0-9._-]}. */
  static final int AGENT_ID_MAX_LENGTH = 24;

  private static volatile PinpointIdentity current;
  /** The invalid agent id last warned about: {@link #current} may resolve before the resource does. */
  private static volatile String warnedAgentId;

  final String applicationName;
  final int applicationType;
  final String agentId;
  final long agentStartTime;

  PinpointIdentity(String applicationName, int applicationType, String agentId, long agentStartTime) {
    this.applicationName = applicationName;
    this.applicationType = applicationType;
    this.agentId = agentId;
    this.agentStartTime = agentStartTime;
  }

  /** Resolves the identity from the final resource and publishes it for the propagator. */
  static PinpointIdentity resolve(ConfigProperties config, Resource resource) {
    String service = resource.getAttribute(SERVICE_NAME);
    String application = firstNonEmpty(resource.getAttribute(APPLICATION_NAME),
        config.getString("pinpoint.applicationName"), service, "unknown_service:java");
    String agentId = firstNonEmpty(resource.getAttribute(AGENT_ID), config.getString("pinscope.agent.id"),
        config.getString("pinpoint.agentId"), null);
    if (agentId == null || !isValidAgentId(agentId)) {
      String host = firstNonEmpty(resource.getAttribute(HOST_NAME), localHostName(), "localhost", null);
      String derived = derivedAgentId(host, service == null ? application : service);
      if (agentId != null) {
        warnInvalidAgentId(agentId, derived);
      }
      agentId = derived;
    }
    Long start = resource.getAttribute(AGENT_START_TIME);
    PinpointIdentity identity = new PinpointIdentity(application, applicationType(config), agentId,
        start != null ? start : jvmStartTime());
    current = identity;
    return identity;
  }

  /** The identity published by the resource customizer, else one built from the configuration alone. */
  static PinpointIdentity current(ConfigProperties config) {
    PinpointIdentity identity = current;
    if (identity != null) {
      return identity;
    }
    Map<String, String> attributes = config.getMap("otel.resource.attributes");
    String service = firstNonEmpty(config.getString("otel.service.name"), attributes.get("service.name"),
        null, null);
    Resource resource = Resource.builder()
        .put(SERVICE_NAME, service == null ? "unknown_service:java" : service)
        .put(APPLICATION_NAME, attributes.get("pinpoint.applicationName"))
        .put(AGENT_ID, attributes.get("pinpoint.agentId"))
        .build();
    return resolve(config, resource);
  }

  static void resetForTest() {
    current = null;
    warnedAgentId = null;
  }

  static int applicationType(ConfigProperties config) {
    return config.getInt("pinscope.application.type", DEFAULT_APPLICATION_TYPE);
  }

  /** Whether Pinpoint accepts {@code agentId}: 1 to 24 characters of {@code [a-zA-Z0-9._-]}. */
  static boolean isValidAgentId(String agentId) {
    if (agentId.isEmpty() || agentId.length() > AGENT_ID_MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < agentId.length(); i++) {
      if (!isAgentIdChar(agentId.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAgentIdChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '.' || c == '_' || c == '-';
  }

  private static void warnInvalidAgentId(String configured, String fallback) {
    if (configured.equals(warnedAgentId)) {
      return;
    }
    warnedAgentId = configured;
    logger.log(Level.WARNING, "Ignoring the configured Pinpoint agent id \"{0}\" (pinpoint.agentId or "
        + "pinscope.agent.id): an agent id must be at most {1} characters of [a-zA-Z0-9._-], and a Pinpoint "
        + "agent rejects transaction ids that start with any other. Using the derived agent id \"{2}\" instead.",
        new Object[] {configured, AGENT_ID_MAX_LENGTH, fallback});
  }

  /**
   * A Pinpoint-valid agent id that is the same on every restart on one host: the service name cut to
   * 15 characters, '-', and 8 hex characters of SHA-256 over host and service.
   */
  static String derivedAgentId(String host, String service) {
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < service.length() && prefix.length() < AGENT_ID_MAX_LENGTH - 9; i++) {
      char c = service.charAt(i);
      prefix.append(isAgentIdChar(c) ? c : '_');
    }
    byte[] digest = sha256(host + '\n' + service);
    StringBuilder id = new StringBuilder(prefix.length() == 0 ? "agent" : prefix.toString()).append('-');
    for (int i = 0; i < 4; i++) {
      id.append(Character.forDigit((digest[i] >> 4) & 0xf, 16)).append(Character.forDigit(digest[i] & 0xf, 16));
    }
    return id.toString();
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
  }

  static long jvmStartTime() {
    return ManagementFactory.getRuntimeMXBean().getStartTime();
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      logger.log(Level.FINE, "host name unavailable; the agent id uses the HOSTNAME variable", e);
      return System.getenv("HOSTNAME");
    }
  }

  private static String firstNonEmpty(String a, String b, String c, String d) {
    for (String s : new String[] {a, b, c}) {
      if (s != null && !s.trim().isEmpty()) {
        return s.trim();
      }
    }
    return d;
  }
}
