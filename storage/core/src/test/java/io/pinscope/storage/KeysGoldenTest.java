package io.pinscope.storage;

import static io.pinscope.storage.GoldenBytes.assertBytes;
import static io.pinscope.storage.GoldenBytes.assertValue;
import static io.pinscope.storage.GoldenFixtures.SPAN_ID;
import static io.pinscope.storage.GoldenFixtures.START_MILLIS;
import static io.pinscope.storage.GoldenFixtures.TRACE_ID;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.pinscope.storage.spi.Longs;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the key building blocks every table uses: {@link Keys}' name hash, salt, name and inverted time,
 * the fixed-width ids, and the {@link BinaryWriter} primitives keys and values are made of. A different
 * hash or salt puts every row of an existing store where no read looks for it.
 */
class KeysGoldenTest {
  static Stream<Arguments> encodings() {
    return Stream.of(
        encoding("hash of \"\"", int4(Keys.hash(new byte[0])), "ab3e7c0b"),
        encoding("hash of \"shop\"", int4(Keys.hash("shop".getBytes(UTF_8))), "0179cfc9"),
        encoding("hash of \"redis\"", int4(Keys.hash("redis".getBytes(UTF_8))), "75207f7d"),
        encoding("hash of \"ü\"", int4(Keys.hash("ü".getBytes(UTF_8))), "c15d99c6"),
        encoding("hash of a trace id", int4(Keys.hash(TRACE_ID.high(), TRACE_ID.low())), "cfdd92e5"),
        encoding("name", Keys.name(new BinaryWriter(), "shop").toByteArray(),
            "0179cfc9 // hash\n04 73686f70 // varint length, UTF-8"),
        encoding("salted name, 1 bucket", Keys.saltedName("shop", 1).toByteArray(),
            "00 // salt\n0179cfc9 04 73686f70 // name"),
        encoding("salted name, 16 buckets", Keys.saltedName("shop", 16).toByteArray(),
            "09 // salt: hash mod 16\n0179cfc9 04 73686f70 // name"),
        encoding("salted name, 256 buckets", Keys.saltedName("shop", 256).toByteArray(),
            "c9 // salt: hash mod 256\n0179cfc9 04 73686f70 // name"),
        encoding("inverted time 0", long8(Keys.invert(0)), "7fffffffffffffff"),
        encoding("inverted time", long8(Keys.invert(START_MILLIS)),
            "7ffffe74301a9784 // MAX - 1700000000123"),
        encoding("trace id", TRACE_ID.toBytes(), "4bf92f3577b34da6 a3ce929d0e0e4736 // high, low: big-endian"),
        encoding("span id", Longs.toBytes(SPAN_ID), "00f067aa0ba902b7 // big-endian"),
        encoding("negative span id", Longs.toBytes(-2), "fffffffffffffffe // two's complement"),
        encoding("varint 300", new BinaryWriter().writeVarLong(300).toByteArray(), "ac02 // LEB128"),
        encoding("varint of int -1", new BinaryWriter().writeVarInt(-1).toByteArray(),
            "ffffffff0f // unsigned 32 bits"),
        encoding("zig-zag varint -1", new BinaryWriter().writeSignedVarLong(-1).toByteArray(), "01"),
        encoding("zig-zag varint 64", new BinaryWriter().writeSignedVarLong(64).toByteArray(), "8001"),
        encoding("int", new BinaryWriter().writeInt(1001).toByteArray(), "000003e9 // big-endian"),
        encoding("long", new BinaryWriter().writeLong(-2).toByteArray(), "fffffffffffffffe // big-endian"),
        encoding("double", new BinaryWriter().writeDouble(-2.5).toByteArray(),
            "c004000000000000 // IEEE 754"),
        encoding("string", new BinaryWriter().writeString("aü").toByteArray(), "03 61c3bc // UTF-8 length"),
        encoding("length-prefixed bytes",
            new BinaryWriter().writeLengthPrefixed(new byte[] {0, 1}).toByteArray(), "02 0001"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void keyParts_haveTheirGoldenBytes(String name, byte[] actual, String golden) {
    assertBytes("the key building block \"" + name + "\" (Keys, BinaryWriter)", actual, golden);
  }

  @Test
  void salt_isTheHashModuloTheBuckets_orZeroForOneBucket() {
    int negative = Keys.hash(TRACE_ID.high(), TRACE_ID.low());
    int positive = Keys.hash("shop".getBytes(UTF_8));

    assertValue("the salt of a row (Keys.saltOf)",
        List.of(Keys.saltOf(positive, 1), Keys.saltOf(positive, 16), Keys.saltOf(positive, 256),
            Keys.saltOf(negative, 1), Keys.saltOf(negative, 16), Keys.saltOf(negative, 256)),
        List.of(0, 9, 201, 0, 5, 229));
  }

  private static Arguments encoding(String name, byte[] actual, String golden) {
    return Arguments.of(name, actual, golden);
  }

  private static byte[] int4(int v) {
    return new BinaryWriter().writeInt(v).toByteArray();
  }

  private static byte[] long8(long v) {
    return new BinaryWriter().writeLong(v).toByteArray();
  }
}
