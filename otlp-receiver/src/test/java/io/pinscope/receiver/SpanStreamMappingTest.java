package io.pinscope.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.pinscope.receiver.mapping.SpanMapper;
import io.pinscope.receiver.mapping.SpanMapper.MappedSpans;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The streaming {@link SpanMapper} maps every request exactly as the same rules over protobuf-java's objects
 * ({@link ObjectSpanMapper}) do, and refuses exactly the bodies protobuf-java refuses: generated requests with
 * fields at their extremes, byte-level corruptions of them, and hand-made edge cases (ids of every bad length,
 * resources without a name, every attribute type, unknown fields, fields out of order, repeated message fields
 * merged, invalid UTF-8, nesting at protobuf's recursion limit).
 */
class SpanStreamMappingTest {
  private static final long NOW_MILLIS = 1_700_000_000_000L;
  private static final long NOW_NANOS = NOW_MILLIS * 1_000_000L;

  @Test
  void generatedRequestsMapAlike() throws Exception {
    SplittableRandom r = new SplittableRandom(14);
    OtlpSeeds seeds = new OtlpSeeds(r, NOW_NANOS);
    OtlpMutator mutator = new OtlpMutator(r);
    for (int i = 0; i < 2_000; i++) {
      ExportTraceServiceRequest.Builder b = seeds.traces().toBuilder();
      for (int k = r.nextInt(3); k > 0; k--) {
        b.mergeFrom(seeds.traces());
      }
      if (r.nextInt(3) > 0) {
        mutator.mutateStructure(b);
      }
      assertSameMapping(b.build().toByteArray());
    }
  }

  @Test
  void corruptedBodiesAreRefusedOrMappedAlike() throws Exception {
    SplittableRandom r = new SplittableRandom(1414);
    OtlpSeeds seeds = new OtlpSeeds(r, NOW_NANOS);
    OtlpMutator mutator = new OtlpMutator(r);
    int refused = 0;
    for (int i = 0; i < 4_000; i++) {
      refused += assertSameMapping(mutator.mutateBytes(seeds.traces().toByteArray())) ? 0 : 1;
    }
    assertThat(refused).as("some corruptions are refused, others still decode").isBetween(100, 3_900);
  }

  @Test
  void edgeCasesMapAlike() throws Exception {
    ByteString trace = ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    ByteString span = ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    ByteString zero16 = ByteString.copyFrom(new byte[16]);
    ByteString zero8 = ByteString.copyFrom(new byte[8]);
    ByteString[] traceIds = {ByteString.EMPTY, trace.substring(0, 8), trace, zero16,
        trace.concat(ByteString.copyFrom(new byte[] {1}))};
    ByteString[] spanIds = {ByteString.EMPTY, span.substring(0, 4), span, zero8, span.concat(span)};
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (ByteString t : traceIds) {
      for (ByteString s : spanIds) {
        for (ByteString p : spanIds) {
          scope.addSpans(Span.newBuilder().setTraceId(t).setSpanId(s).setParentSpanId(p).setName("n")
              .setStartTimeUnixNano(5).setEndTimeUnixNano(4 + (p.size() % 3)));
        }
      }
    }
    for (int flags : new int[] {0, 1, 2, 0x100, 0x301, 0x300, 0xFF, 0xFE}) {
      scope.addSpans(Span.newBuilder().setTraceId(trace).setSpanId(span).setFlags(flags).setKindValue(flags % 9)
          .setStatus(Status.newBuilder().setCodeValue(flags % 5).setMessage("m" + flags)));
    }
    scope.addSpans(Span.newBuilder().setTraceId(trace).setSpanId(span).setTraceState("pp=a^1^2,x=y")
        .addAllAttributes(everyType()).setDroppedAttributesCount(3).setDroppedEventsCount(4).setDroppedLinksCount(5)
        .addEvents(Span.Event.newBuilder().setName("e").setTimeUnixNano(7).addAllAttributes(everyType())
            .setDroppedAttributesCount(2))
        .addLinks(Span.Link.newBuilder().setTraceId(trace).setSpanId(span).setTraceState("s").setFlags(0x301)
            .addAllAttributes(everyType()).setDroppedAttributesCount(1))
        .addLinks(Span.Link.newBuilder().setTraceId(trace.substring(0, 8)).setSpanId(span))
        .addLinks(Span.Link.newBuilder().setTraceId(trace)));
    Resource named = OtlpSeeds.resource("edge", "edge-1");
    ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(named).addScopeSpans(scope))
        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope)) // no resource at all
        .addResourceSpans(ResourceSpans.newBuilder().setResource(Resource.newBuilder()
            .addAttributes(OtlpSeeds.attr("service.name", " "))).addScopeSpans(scope))
        .addResourceSpans(ResourceSpans.newBuilder().setResource(named)) // no spans
        .addResourceSpans(ResourceSpans.newBuilder().setResource(named).addScopeSpans(ScopeSpans.newBuilder()
            .setScope(InstrumentationScope.newBuilder().addAttributes(KeyValue.getDefaultInstance()))
            .addSpans(Span.newBuilder().setTraceId(trace).setSpanId(span))))
        .addResourceSpans(ResourceSpans.newBuilder().setResource(Resource.newBuilder()
            .addAttributes(OtlpSeeds.attr("pinpoint.applicationName", "pp")).addAttributes(OtlpSeeds.attr(
                "process.creation.time", "2023-11-14T22:13:20Z")).addAttributes(OtlpSeeds.attr("process.pid", 7))
            .addAttributes(OtlpSeeds.attr("host.name", "h")))
            .addScopeSpans(ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("s")
                .setVersion("1").addAllAttributes(everyType())).addSpans(scope.getSpans(0))))
        .build();
    MappedSpans mapped = SpanMapper.map(request.toByteArray(), NOW_MILLIS);
    assertThat(mapped.rejected()).isPositive().isLessThan(mapped.received());
    assertSameMapping(request.toByteArray());
    assertSameMapping(new byte[0]);
  }

  @Test
  void fieldsInAnyOrderAndRepeatedMessagesMergeAlike() throws Exception {
    ByteString trace = ByteString.copyFrom(new byte[] {9, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    Span first = Span.newBuilder().setTraceId(trace).setSpanId(ByteString.copyFrom(new byte[] {1, 0, 0, 0, 0, 0, 0, 1}))
        .setName("first").setStatus(Status.newBuilder().setMessage("kept")).addAttributes(KeyValue.newBuilder()
            .setKey("merged").setValue(AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                .addValues(AnyValue.newBuilder().setIntValue(1))))).build();
    Span second = Span.newBuilder().setName("second").setStatus(Status.newBuilder().setCodeValue(2))
        .setEndTimeUnixNano(9).build();
    // Span bytes concatenated: one span, scalars from the second, status and lists merged.
    byte[] span = concat(first.toByteArray(), second.toByteArray());
    // Spans before their scope, scope spans before their resource, the resource given twice (merged).
    byte[] scopeSpans = concat(field(2, span), field(1, InstrumentationScope.newBuilder().setName("late").build()
        .toByteArray()));
    byte[] resourceSpans = concat(concat(field(2, scopeSpans), field(1, Resource.newBuilder()
        .addAttributes(OtlpSeeds.attr("host.name", "h")).build().toByteArray())), field(1,
        Resource.newBuilder().addAttributes(OtlpSeeds.attr("service.name", "late")).build().toByteArray()));
    // A KeyValue whose value is given twice: arrays append; a later scalar replaces.
    byte[] kv = concat(concat(KeyValue.newBuilder().setKey("k").setValue(AnyValue.newBuilder().setArrayValue(
        ArrayValue.newBuilder().addValues(AnyValue.newBuilder().setBoolValue(true))))
        .build().toByteArray(), field(2, AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
        .addValues(AnyValue.newBuilder().setDoubleValue(2.5))).build().toByteArray())),
        field(2, AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addValues(OtlpSeeds.attr("a", "b")))
            .build().toByteArray()));
    byte[] spanWithKv = concat(span, field(9, kv));
    byte[] body = concat(field(1, resourceSpans), field(1, concat(field(1, Resource.newBuilder()
        .addAttributes(OtlpSeeds.attr("service.name", "other")).build().toByteArray()), field(2, field(2,
        spanWithKv)))));
    MappedSpans mapped = SpanMapper.map(body, NOW_MILLIS);
    assertThat(mapped.batches()).hasSize(2);
    assertThat(mapped.batches().get(0).spans().get(0).scope().name()).isEqualTo("late");
    assertThat(mapped.batches().get(0).spans().get(0).name()).isEqualTo("second");
    assertSameMapping(body);
    // Unknown fields of every wire type, at every level.
    byte[] unknown = unknownFields();
    assertSameMapping(concat(unknown, field(1, concat(unknown, field(2, concat(unknown, field(2, concat(unknown,
        spanWithKv))))))));
  }

  @Test
  void invalidUtf8AndDeepNestingAreRefusedAlike() throws Exception {
    for (byte[] text : new byte[][] {{(byte) 0xC3, 0x28}, {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80,
        (byte) 0x80}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}}) {
      byte[] span = concat(Span.newBuilder().setTraceId(ByteString.copyFrom(new byte[16])).build().toByteArray(),
          field(5, text));
      assertSameMapping(field(1, concat(field(1, Resource.newBuilder().addAttributes(OtlpSeeds.attr("service.name",
          "u")).build().toByteArray()), field(2, field(2, span)))));
    }
    for (int depth = 25; depth <= 50; depth++) { // across protobuf's limit of 100 nested messages
      AnyValue v = AnyValue.newBuilder().setStringValue("leaf").build();
      for (int i = 0; i < depth; i++) {
        v = i % 2 == 0 ? AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(v)).build()
            : AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addValues(KeyValue.newBuilder()
                .setKey("k").setValue(v))).build();
      }
      ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans
          .newBuilder().setResource(OtlpSeeds.resource("deep", "d")).addScopeSpans(ScopeSpans.newBuilder()
              .addSpans(Span.newBuilder().setTraceId(ByteString.copyFrom(new byte[16])).addAttributes(
                  KeyValue.newBuilder().setKey("deep").setValue(v))))).build();
      assertSameMapping(request.toByteArray());
    }
    for (int groups = 90; groups <= 100; groups++) { // nested unknown groups in a span
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      CodedOutputStream o = CodedOutputStream.newInstance(out);
      for (int i = 0; i < groups; i++) {
        o.writeTag(99, 3);
      }
      for (int i = 0; i < groups; i++) {
        o.writeTag(99, 4);
      }
      o.flush();
      assertSameMapping(field(1, field(2, field(2, out.toByteArray()))));
    }
  }

  @Test
  void aBuiltRequestMapsAsItsBytes() throws Exception {
    ExportTraceServiceRequest request = new OtlpSeeds(new SplittableRandom(3), NOW_NANOS).traces();
    assertThat(SpanMapper.map(request, NOW_MILLIS)).isEqualTo(SpanMapper.map(request.toByteArray(), NOW_MILLIS));
    assertThatThrownBy(() -> SpanMapper.map(new byte[] {0x0A, 0x05, 0x01}, NOW_MILLIS))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }

  /** True when both decoded the body (and mapped it alike), false when both refused it. */
  private static boolean assertSameMapping(byte[] body) {
    MappedSpans expected;
    try {
      expected = ObjectSpanMapper.map(ExportTraceServiceRequest.parseFrom(body), NOW_MILLIS);
    } catch (InvalidProtocolBufferException e) {
      assertThatThrownBy(() -> SpanMapper.map(body, NOW_MILLIS)).as("refused by protobuf-java: %s", e.getMessage())
          .isInstanceOf(InvalidProtocolBufferException.class);
      return false;
    }
    MappedSpans actual;
    try {
      actual = SpanMapper.map(body, NOW_MILLIS);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("decoded by protobuf-java but refused: " + e.getMessage(), e);
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(actual.errorMessage()).isEqualTo(expected.errorMessage());
    return true;
  }

  private static java.util.List<KeyValue> everyType() {
    return java.util.List.of(OtlpSeeds.attr("s", "text"), OtlpSeeds.attr("s", ""), OtlpSeeds.attr("l", -7),
        KeyValue.newBuilder().setKey("b").setValue(AnyValue.newBuilder().setBoolValue(true)).build(),
        KeyValue.newBuilder().setKey("d").setValue(AnyValue.newBuilder().setDoubleValue(Double.NaN)).build(),
        KeyValue.newBuilder().setKey("bytes").setValue(AnyValue.newBuilder().setBytesValue(
            ByteString.copyFrom(new byte[] {0, (byte) 0xFF}))).build(),
        KeyValue.newBuilder().setKey("empty").setValue(AnyValue.getDefaultInstance()).build(),
        KeyValue.newBuilder().setKey("unset").build(),
        KeyValue.newBuilder().setKey("arr").setValue(AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
            .addValues(AnyValue.newBuilder().setStringValue("x")).addValues(AnyValue.getDefaultInstance())
            .addValues(AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addValues(
                OtlpSeeds.attr("in", 1)))))).build(),
        KeyValue.newBuilder().setKey("kv").setValue(AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
            .addValues(OtlpSeeds.attr("a", "b")).addValues(KeyValue.getDefaultInstance()))).build(),
        OtlpSeeds.attr("http.request.method", "GET"), OtlpSeeds.attr("ünïcödé ✓", "😀"));
  }

  private static byte[] unknownFields() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    o.writeUInt64(1000, 5);
    o.writeFixed64(1001, 6);
    o.writeFixed32(1002, 7);
    o.writeByteArray(1003, new byte[] {1, 2});
    o.writeTag(1004, 3);
    o.writeUInt64(1, 1);
    o.writeTag(1004, 4);
    o.writeUInt64(1, 9); // field 1 of every message here has wire type 2: a varint there is unknown too
    o.flush();
    return out.toByteArray();
  }

  private static byte[] field(int number, byte[] message) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    o.writeByteArray(number, message);
    o.flush();
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
