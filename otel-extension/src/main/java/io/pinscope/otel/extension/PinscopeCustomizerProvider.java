package io.pinscope.otel.extension;

import com.google.auto.service.AutoService;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Collections;
import java.util.Map;

/**
 * Wires the extension into the SDK the agent builds: {@code pinpoint} in the default propagators, the
 * Pinpoint resource attributes, the {@code pp} tracestate sampler, the id generator and the entry-span
 * tracker.
 *
 * <p>Resource attributes added when absent: {@code pinpoint.applicationName} (= {@code service.name}),
 * {@code pinpoint.agentId} ({@code pinscope.agent.id} or {@code pinpoint.agentId} from the configuration,
 * else derived from host and service name, see {@link PinpointIdentity#derivedAgentId}) and
 * {@code pinpoint.agentStartTime} (JVM start, epoch ms). A configured agent id that Pinpoint would reject
 * (more than 24 characters, or any outside {@code [a-zA-Z0-9._-]}) is replaced by the derived one, with a
 * warning, here and in the resource attribute. The service type code comes from
 * {@code pinscope.application.type} (default 1001, Java). The propagator's settings are described in
 * {@link PinpointPropagatorProvider}.
 */
@AutoService(AutoConfigurationCustomizerProvider.class)
public final class PinscopeCustomizerProvider implements AutoConfigurationCustomizerProvider {
  static final String DEFAULT_PROPAGATORS = "tracecontext,baggage," + PinpointPropagatorProvider.NAME;

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    // One generator for the sampler and the tracer provider: the sampler learns each span's id from it.
    PinscopeIdGenerator ids = new PinscopeIdGenerator();
    customizer
        .addPropertiesCustomizer(PinscopeCustomizerProvider::defaultPropagators)
        .addResourceCustomizer(PinscopeCustomizerProvider::withPinpointIdentity)
        .addSamplerCustomizer((sampler, config) ->
            new PinpointTraceStateSampler(sampler, () -> PinpointIdentity.current(config), ids::takeLastSpanId))
        .addTracerProviderCustomizer((builder, config) ->
            builder.setIdGenerator(ids).addSpanProcessor(new EntrySpanTracker()));
  }

  /**
   * {@code otel.propagators=tracecontext,baggage,pinpoint} unless set by any source (a properties supplier
   * would lose to another extension's supplier, so this checks the merged configuration instead).
   */
  static Map<String, String> defaultPropagators(ConfigProperties config) {
    String configured = config.getString("otel.propagators");
    if (configured != null && !configured.trim().isEmpty()) {
      return Collections.emptyMap();
    }
    return Collections.singletonMap("otel.propagators", DEFAULT_PROPAGATORS);
  }

  static Resource withPinpointIdentity(Resource resource, ConfigProperties config) {
    PinpointIdentity identity = PinpointIdentity.resolve(config, resource);
    return resource.merge(Resource.builder()
        .put(PinpointIdentity.APPLICATION_NAME, identity.applicationName)
        .put(PinpointIdentity.AGENT_ID, identity.agentId)
        .put(PinpointIdentity.AGENT_START_TIME, identity.agentStartTime)
        .build());
  }

  @Override
  public int order() {
    // After other customizers, so the resource it reads is as complete as possible.
    return 1000;
  }
}
