package io.pinscope.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import io.pinscope.query.inspector.AcrossAgents;
import java.io.IOException;
import java.util.List;

/**
 * An application-inspector series' points as the API answers them, {@code [[time, avg, min, max, minAgentId,
 * maxAgentId], ...]}, written straight to the JSON generator: an answer holds about ten thousand of them, and a
 * list of boxed values per point, each looked up by Jackson, was a quarter of the answer's cost.
 */
final class AcrossAgentsJson extends JsonSerializable.Base {
  private final List<AcrossAgents> points;

  AcrossAgentsJson(List<AcrossAgents> points) {
    this.points = List.copyOf(points);
  }

  @Override
  public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
    g.writeStartArray();
    for (AcrossAgents p : points) {
      g.writeStartArray();
      g.writeNumber(p.time());
      g.writeNumber(p.avg());
      g.writeNumber(p.min());
      g.writeNumber(p.max());
      g.writeString(p.minAgentId());
      g.writeString(p.maxAgentId());
      g.writeEndArray();
    }
    g.writeEndArray();
  }

  @Override
  public void serializeWithType(JsonGenerator g, SerializerProvider provider,
      com.fasterxml.jackson.databind.jsontype.TypeSerializer typeSer) throws IOException {
    serialize(g, provider);
  }
}
