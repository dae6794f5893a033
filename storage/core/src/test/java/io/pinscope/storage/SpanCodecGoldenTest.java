package io.pinscope.storage;

import static io.pinscope.storage.GoldenBytes.assertBytes;
import static io.pinscope.storage.GoldenBytes.assertValue;
import static io.pinscope.storage.GoldenBytes.bytes;
import static io.pinscope.storage.GoldenFixtures.SPAN_ID;
import static io.pinscope.storage.GoldenFixtures.TRACE_ID;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.model.SpanKind;
import io.pinscope.model.StatusCode;
import io.pinscope.model.StoredSpan;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins {@link SpanCodec}'s stored form (the value of a {@code traces} cell) byte for byte, in both
 * directions: what this version writes, and what it reads from bytes an earlier version wrote. Version 1
 * carries the span's origin inline (what earlier versions wrote, and this one for an origin without an id);
 * version 2 refers to it by id.
 */
class SpanCodecGoldenTest {
  /** The origin id the version-2 forms below refer to. */
  static final long ORIGIN_ID = 0x0123456789abcdefL;
  private static final LongFunction<SpanOrigin> ORIGINS = id -> {
    if (id != ORIGIN_ID) {
      throw new AssertionError("origin " + Long.toHexString(id));
    }
    return SpanOrigin.of(GoldenFixtures.everyField());
  };

  /** {@link GoldenFixtures#everyField()} after the version and presence bits, up to its name. */
  private static final String EVERY_FIELD_HEAD = """
      15                                  // kind CONSUMER (5) | status ERROR (2) << 3
      53995c3f42cd8ad8                    // parent span id, 8 bytes big-endian
      959a97ece39fe7cb17                  // start: varint of epoch nanos 1700000000123456789
      b1d1f9d603                          // duration: varint of 987654321 ns
      8106                                // flags: varint 0x301
      09 504f5354202f706179               // name "POST /pay" (varint length + UTF-8)
      """;

  /** {@link GoldenFixtures#everyField()} after its origin, which is all that differs between the versions. */
  private static final String EVERY_FIELD_REST = """
      0a                                  // attributes: 10
        02           01 04 504f5354       //   key 2 = dictionary[1] http.request.method, STRING "POST"
        00 01 73     01 02 c3bc           //   key "s", STRING "ü" (UTF-8)
        00 01 74     03                   //   key "t", BOOL true
        00 01 66     02                   //   key "f", BOOL false
        00 01 6c     04 03                //   key "l", LONG zig-zag -2
        00 01 64     05 3fe0000000000000  //   key "d", DOUBLE 0.5 (IEEE 754 bits, big-endian)
        00 01 62     06 02 00ff           //   key "b", BYTES [00 ff]
        00 01 61     07 02                //   key "a", ARRAY of 2:
                       01 01 78           //     STRING "x"
                       04 02              //     LONG 1
        00 01 6d     08 01                //   key "m", KVLIST of 1:
                       00 01 6b 01 01 76  //     key "k", STRING "v"
        00 01 65     00                   //   key "e", EMPTY
      12 70703d74783a73686f702d315e372c6b3d76  // trace state "pp=tx:shop-1^7,k=v"
      08 6465636c696e6564                 // status message "declined"
      02                                  // events: 2
        09 657863657074696f6e             //   name "exception"
        d00f                              //   time - start: zig-zag varint +1000 ns
        01 39 01 01 45                    //   attributes: 1, key 57 = dictionary[56] exception.type, "E"
        01                                //   dropped attributes: 1
        05 6561726c79                     //   name "early"
        09                                //   time - start: zig-zag varint -5 ns
        00                                //   attributes: 0
        00                                //   dropped attributes: 0
      01                                  // links: 1
        0af7651916cd43dd8448eb211c80319c  //   trace id, 16 bytes
        1122334455667788                  //   span id, 8 bytes
        03 6b3d76                         //   trace state "k=v"
        01                                //   flags: 1
        01 00 01 6e 04 02                 //   attributes: 1, key "n", LONG 1
        04                                //   dropped attributes: 4
      03 02 05                            // dropped attributes, events, links
      """;

  /** {@link GoldenFixtures#everyField()} referring to its origin by id: every presence bit but one set. */
  static final String EVERY_FIELD_BY_ORIGIN = """
      02                                  // version 2
      bf01                                // presence bits (varint 0xbf): parent, trace state, status
                                          //   message, events, links, dropped counts, flags (scope
                                          //   attributes are the origin's)
      """ + EVERY_FIELD_HEAD + """
      0123456789abcdef                    // origin id, 8 bytes big-endian (application, agent, scope)
      """ + EVERY_FIELD_REST;

  /** {@link GoldenFixtures#everyField()} with its origin inline: every presence bit set. */
  static final String EVERY_FIELD = """
      01                                  // version 1
      ff01                                // presence bits (varint 0xff): parent, trace state, status
                                          //   message, events, links, dropped counts, scope attributes, flags
      """ + EVERY_FIELD_HEAD + """
      04 73686f70                         // application "shop"
      06 73686f702d31                     // agent "shop-1"
      03 6c6962                           // scope name "lib"
      03 312e30                           // scope version "1.0"
      01                                  // scope attributes: 1
        00 02 7361   04 02                //   key "sa" (0 = not in the dictionary), LONG zig-zag 1
      """ + EVERY_FIELD_REST;

  /** {@link GoldenFixtures#minimal()} with its origin inline: a root span, every presence bit clear. */
  static final String MINIMAL = """
      01                                  // version 1
      00                                  // presence bits: none
      02                                  // kind SERVER (2) | status UNSET (0) << 3
      959a97ece39fe7cb17                  // start: varint of epoch nanos
      c096b102                            // duration: varint of 5000000 ns
      05 474554202f                       // name "GET /"
      04 73686f70                         // application "shop"
      06 73686f702d31                     // agent "shop-1"
      00                                  // scope name ""
      00                                  // scope version ""
      00                                  // attributes: 0
      """;

  static Stream<Arguments> everyFieldVersions() {
    return Stream.of(Arguments.of(2, ORIGIN_ID, EVERY_FIELD_BY_ORIGIN), Arguments.of(1, SpanOrigins.NONE, EVERY_FIELD));
  }

  @ParameterizedTest(name = "version {0}")
  @MethodSource("everyFieldVersions")
  void everyField_writesAndReadsTheGoldenBytes(int version, long originId, String golden) {
    assertBytes("a span (SpanCodec, version " + version + ")",
        SpanCodec.encode(GoldenFixtures.everyField(), originId), golden);
    assertValue("a span read back (SpanCodec, version " + version + ")",
        SpanCodec.decode(TRACE_ID, SPAN_ID, bytes(golden), ORIGINS), GoldenFixtures.everyField());
  }

  @Test
  void minimal_writesAndReadsTheGoldenBytes() {
    assertBytes("a minimal span (SpanCodec)", SpanCodec.encode(GoldenFixtures.minimal(), SpanOrigins.NONE),
        MINIMAL);
    assertValue("a minimal span read back (SpanCodec)",
        SpanCodec.decode(TRACE_ID, SPAN_ID, bytes(MINIMAL), ORIGINS), GoldenFixtures.minimal());
  }

  /** The third byte packs the kind (OTLP number, low 3 bits) and the status (OTLP number, shifted by 3). */
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "UNSPECIFIED, UNSET, 00",
      "INTERNAL, UNSET, 01",
      "SERVER, UNSET, 02",
      "CLIENT, UNSET, 03",
      "PRODUCER, UNSET, 04",
      "CONSUMER, UNSET, 05",
      "INTERNAL, OK, 09",
      "INTERNAL, ERROR, 11",
      "CLIENT, ERROR, 13",
  })
  void kindAndStatus_shareOneByte(SpanKind kind, StatusCode status, String expected) {
    StoredSpan span = GoldenFixtures.minimal().toBuilder().kind(kind).status(status, "").build();
    byte[] encoded = SpanCodec.encode(span, SpanOrigins.NONE);

    assertBytes("the kind/status byte of a " + kind + " " + status + " span (SpanCodec)",
        new byte[] {encoded[2]}, expected);
    byte[] golden = bytes(MINIMAL);
    golden[2] = bytes(expected)[0];
    assertValue("the kind/status byte " + expected + " read back (SpanCodec)",
        SpanCodec.decode(TRACE_ID, SPAN_ID, golden, ORIGINS), span);
  }

  @Test
  void unknownVersion_failsInsteadOfMisreading() {
    byte[] future = bytes(MINIMAL);
    future[0] = 3;

    assertThatThrownBy(() -> SpanCodec.decode(TRACE_ID, SPAN_ID, future, ORIGINS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("span value version 3 (expected: 1 or 2)");
  }
}
