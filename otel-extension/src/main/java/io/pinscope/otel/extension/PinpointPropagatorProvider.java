package io.pinscope.otel.extension;

import com.google.auto.service.AutoService;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurablePropagatorProvider;

/**
 * {@code otel.propagators=tracecontext,baggage,pinpoint}: Pinpoint headers beside W3C trace context. The
 * Pinpoint namespace is read from {@value #NAMESPACE_PROPERTY} (environment:
 * {@code PINPOINT_APPLICATION_NAMESPACE}); see {@link PinpointPropagator}.
 */
@AutoService(ConfigurablePropagatorProvider.class)
public final class PinpointPropagatorProvider implements ConfigurablePropagatorProvider {
  static final String NAME = "pinpoint";
  static final String NAMESPACE_PROPERTY = "pinpoint.application.namespace";

  @Override
  public TextMapPropagator getPropagator(ConfigProperties config) {
    return new PinpointPropagator(() -> PinpointIdentity.current(config), config.getString(NAMESPACE_PROPERTY));
  }

  @Override
  public String getName() {
    return NAME;
  }
}
