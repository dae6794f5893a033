package io.pinscope.storage;

import static io.pinscope.storage.GoldenBytes.assertBytes;
import static io.pinscope.storage.GoldenBytes.assertValue;
import static io.pinscope.storage.GoldenBytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pinscope.model.AttributeValue;
import io.pinscope.model.Attributes;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins {@link AttributeCodec}: the one-byte key of every {@code DICTIONARY} entry (its position is the
 * stored key: reordering the dictionary renames every stored attribute), non-dictionary keys, and the
 * type byte and encoding of every value type. Both directions: written bytes and bytes read back.
 */
class AttributeCodecGoldenTest {
  /** Number of dictionary entries pinned below; the dictionary may only grow (append, then pin here). */
  private static final int DICTIONARY_SIZE = 76;

  @ParameterizedTest(name = "{1} is key {0}")
  @CsvSource(delimiter = '|', textBlock = """
      01 | http.method
      02 | http.request.method
      03 | http.route
      04 | http.target
      05 | http.url
      06 | url.full
      07 | url.path
      08 | url.query
      09 | url.scheme
      0a | http.status_code
      0b | http.response.status_code
      0c | http.scheme
      0d | http.host
      0e | http.flavor
      0f | network.protocol.version
      10 | network.protocol.name
      11 | net.peer.name
      12 | net.peer.port
      13 | net.host.name
      14 | net.host.port
      15 | server.address
      16 | server.port
      17 | client.address
      18 | client.port
      19 | network.peer.address
      1a | network.peer.port
      1b | user_agent.original
      1c | http.user_agent
      1d | thread.id
      1e | thread.name
      1f | db.system
      20 | db.system.name
      21 | db.name
      22 | db.namespace
      23 | db.statement
      24 | db.query.text
      25 | db.operation
      26 | db.operation.name
      27 | db.user
      28 | db.connection_string
      29 | db.sql.table
      2a | db.collection.name
      2b | messaging.system
      2c | messaging.destination
      2d | messaging.destination.name
      2e | messaging.operation
      2f | messaging.operation.type
      30 | messaging.message.id
      31 | messaging.kafka.partition
      32 | messaging.kafka.message.offset
      33 | rpc.system
      34 | rpc.service
      35 | rpc.method
      36 | rpc.grpc.status_code
      37 | peer.service
      38 | service.peer.name
      39 | exception.type
      3a | exception.message
      3b | exception.stacktrace
      3c | exception.escaped
      3d | code.function
      3e | code.namespace
      3f | code.filepath
      40 | code.lineno
      41 | error.type
      42 | http.request_content_length
      43 | http.response_content_length
      44 | http.request.body.size
      45 | http.response.body.size
      46 | db.redis.database_index
      47 | network.transport
      48 | network.type
      49 | code.function.name
      4a | code.file.path
      4b | code.line.number
      4c | db.response.status_code
      """)
  void dictionaryKey_isWrittenAsItsPositionPlusOne(String keyByte, String key) {
    Attributes attributes = Attributes.builder().put(key, AttributeValue.EmptyValue.INSTANCE).build();
    String golden = "01 // one attribute\n" + keyByte + " // dictionary key\n00 // EMPTY";

    assertBytes("the dictionary key " + key + " (AttributeCodec.DICTIONARY)", write(attributes), golden);
    assertValue("the dictionary key " + keyByte + " read back (AttributeCodec.DICTIONARY)",
        read(golden), attributes);
  }

  @Test
  void dictionary_hasExactlyThePinnedEntries() {
    String nextKey = String.format("01 %02x 00", DICTIONARY_SIZE + 1);

    Throwable thrown = catchThrowable(() -> read(nextKey));

    assertThat(thrown)
        .as("AttributeCodec.DICTIONARY grew past the %s entries pinned here: add the new entries to"
            + " dictionaryKey_isWrittenAsItsPositionPlusOne", DICTIONARY_SIZE)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("corrupt value: attribute key index " + (DICTIONARY_SIZE + 1));
  }

  @Test
  void otherKeys_areZeroThenTheString_inArrivalOrder_duplicatesKept() {
    Attributes attributes = Attributes.builder()
        .put("service.name", "a")
        .put("http.route", "/")
        .put("ключ", 1L)
        .put("service.name", "b")
        .build();
    String golden = """
        04                                  // attributes: 4
        00 0c 736572766963652e6e616d65      // key 0 = not in the dictionary, then "service.name"
          01 01 61                          //   STRING "a"
        03                                  // key 3 = dictionary[2] http.route
          01 01 2f                          //   STRING "/"
        00 08 d0bad0bbd18ed187              // key "ключ" (UTF-8)
          04 02                             //   LONG 1
        00 0c 736572766963652e6e616d65      // key "service.name" again
          01 01 62                          //   STRING "b"
        """;

    assertBytes("attributes (AttributeCodec)", write(attributes), golden);
    assertValue("attributes read back (AttributeCodec)", read(golden), attributes);
  }

  @Test
  void noAttributes_isOneZeroByte() {
    assertBytes("no attributes (AttributeCodec)", write(Attributes.empty()), "00 // attributes: 0");
    assertValue("no attributes read back (AttributeCodec)", read("00"), Attributes.empty());
  }

  static Stream<Arguments> values() {
    return Stream.of(
        value("EMPTY", AttributeValue.EmptyValue.INSTANCE, "00 // type 0"),
        value("empty STRING", AttributeValue.of(""), "01 00 // type 1, length 0"),
        value("STRING", AttributeValue.of("ü"), "01 02 c3bc // type 1, length 2, UTF-8"),
        value("STRING of 130 bytes", AttributeValue.of("a".repeat(130)),
            "01 8201 // type 1, varint length 130\n" + "61".repeat(130) + " // 130 times 'a'"),
        value("BOOL false", AttributeValue.of(false), "02 // type 2: false"),
        value("BOOL true", AttributeValue.of(true), "03 // type 3: true"),
        value("LONG 0", AttributeValue.of(0L), "04 00 // type 4, zig-zag varint"),
        value("LONG -1", AttributeValue.of(-1L), "04 01"),
        value("LONG 1", AttributeValue.of(1L), "04 02"),
        value("LONG 300", AttributeValue.of(300L), "04 d804"),
        value("LONG max", AttributeValue.of(Long.MAX_VALUE), "04 feffffffffffffffff01"),
        value("LONG min", AttributeValue.of(Long.MIN_VALUE), "04 ffffffffffffffffff01"),
        value("DOUBLE 0.5", AttributeValue.of(0.5), "05 3fe0000000000000 // type 5, IEEE 754 big-endian"),
        value("DOUBLE -0.0", AttributeValue.of(-0.0), "05 8000000000000000"),
        value("DOUBLE NaN", AttributeValue.of(Double.NaN), "05 7ff8000000000000"),
        value("empty BYTES", new AttributeValue.BytesValue(new byte[0]), "06 00 // type 6, length 0"),
        value("BYTES", new AttributeValue.BytesValue(new byte[] {0x00, (byte) 0xFF}), "06 02 00ff"),
        value("empty ARRAY", new AttributeValue.ArrayValue(List.of()), "07 00 // type 7, count 0"),
        value("nested ARRAY", new AttributeValue.ArrayValue(List.of(
            new AttributeValue.ArrayValue(List.of(AttributeValue.of("x"))), AttributeValue.of(true))), """
            07 02       // type 7, count 2
              07 01     //   ARRAY of 1
                01 01 78  //     STRING "x"
              03        //   BOOL true
            """),
        value("empty KVLIST", new AttributeValue.KeyValueListValue(Attributes.empty()),
            "08 00 // type 8, count 0"),
        value("KVLIST", new AttributeValue.KeyValueListValue(Attributes.of("http.route", "/", "k", 1L)), """
            08 02       // type 8, attributes: 2
              03 01 01 2f  //   key 3 = http.route, STRING "/"
              00 01 6b 04 02  //   key "k", LONG 1
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void valueTypes_haveTheirTypeByteAndEncoding(AttributeValue value, String golden) {
    BinaryWriter w = new BinaryWriter();
    AttributeCodec.writeValue(w, value);

    assertBytes("the attribute value " + value + " (AttributeCodec)", w.toByteArray(), golden);
    assertValue("the attribute value " + value + " read back (AttributeCodec)",
        AttributeCodec.readValue(new BinaryReader(bytes(golden))), value);
  }

  private static Arguments value(String name, AttributeValue value, String golden) {
    return Arguments.of(Named.of(name, value), golden);
  }

  private static byte[] write(Attributes attributes) {
    BinaryWriter w = new BinaryWriter();
    AttributeCodec.write(w, attributes);
    return w.toByteArray();
  }

  private static Attributes read(String golden) {
    BinaryReader r = new BinaryReader(bytes(golden));
    Attributes attributes = AttributeCodec.read(r);
    assertThat(r.hasRemaining()).as("bytes left after the attributes").isFalse();
    return attributes;
  }
}
