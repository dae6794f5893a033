package io.pinscope.otel.extension;

import com.google.auto.service.AutoService;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurablePropagatorProvider;

/** {@code otel.propagators=tracecontext,baggage,pinpoint}: Pinpoint headers beside W3C trace context. */
@AutoService(ConfigurablePropagatorProvider.class)
public final class PinpointPropagatorProvider implements ConfigurablePropagatorProvider {
  static final String NAME = "pinpoint";

  @Override
  public TextMapPropagator getPropagator(ConfigProperties config) {
    return new PinpointPropagator(() -> PinpointIdentity.current(config));
  }

  @Override
  public String getName() {
    return NAME;
  }
}
