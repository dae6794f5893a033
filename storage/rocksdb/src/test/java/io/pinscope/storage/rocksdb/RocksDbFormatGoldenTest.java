package io.pinscope.storage.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.storage.Retention;
import io.pinscope.storage.Storage;
import io.pinscope.storage.spi.EngineConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * Pins what the {@code rocksdb} engine adds to the stored format on disk: column family names, the key
 * that joins a row and a qualifier ({@link KeyCodec}) and the merge operands of counters and maxima
 * ({@link LongCodec}). The layout above it (rows, qualifiers, values) is pinned in storage-core's
 * golden tests.
 */
class RocksDbFormatGoldenTest {
  private static final String CHANGED = "The stored format of %s changed: a rocksdb data directory written"
      + " by an earlier version would be misread. If the change is intended, it needs a migration; do not"
      + " just update the golden value.";

  @TempDir Path dir;

  @Test
  void columnFamilies_areNamedTableFamilyKind() throws Exception {
    new RocksDbEngineProvider().open(new EngineConfig(dir, Map.of(), Clock.systemUTC()),
        Storage.tables(Retention.DEFAULTS)).close();

    List<String> names;
    try (Options options = new Options()) {
      names = RocksDB.listColumnFamilies(options, dir.toString()).stream()
          .map(name -> new String(name, UTF_8)).toList();
    }
    assertThat(names).as(CHANGED, "the column family names").containsExactlyInAnyOrder(
        "default",
        "traces.s.bytes",
        "trace_tx.t.bytes",
        "scatter.d.bytes",
        "stat_self.c.counter", "stat_self.m.max",
        // The example families (x) were added later: a directory without them opens and creates them empty
        // (RocksDbStoreTest.reopen_withAWiderSchema_addsTheNewFamiliesEmpty_keepsTheOldData), no migration.
        "stat_out.c.counter", "stat_out.m.max", "stat_out.x.bytes",
        "stat_in.c.counter", "stat_in.m.max",
        "host_map.h.bytes",
        "stat_uri.c.counter", "stat_uri.m.max", "stat_uri.x.bytes",
        "stat_sql.c.counter", "stat_sql.m.max", "stat_sql.x.bytes",
        "applications.a.bytes",
        "agents.a.bytes",
        "agent_ids.i.bytes",
        "metrics.p.bytes",
        "logs.l.bytes",
        "hosts.h.bytes",
        // Added with the hourly roll-ups (the families above unchanged): an older data directory opens, the
        // new families created empty.
        "stat_self_1h.c.counter", "stat_self_1h.m.max",
        "stat_out_1h.c.counter", "stat_out_1h.m.max",
        "stat_in_1h.c.counter", "stat_in_1h.m.max",
        "stat_uri_1h.c.counter", "stat_uri_1h.m.max",
        "stat_sql_1h.c.counter", "stat_sql_1h.m.max",
        "metrics_1h.b.bytes", "metrics_1h.w.bytes",
        "metrics_10m.b.bytes", "metrics_10m.w.bytes",
        "app_1h.a.bytes", "app_1h.w.bytes",
        // Added with alarms (the families above unchanged): an older data directory opens, these created empty.
        "alarm_rules.r.bytes", "alarm_rules.s.bytes",
        "alarm_silences.s.bytes",
        "alarm_events.e.bytes",
        // Added with span origins (the families above unchanged): an older data directory opens, this created
        // empty; its spans (version 1 values) read as before.
        "span_origins.o.bytes");
  }

  static Stream<Arguments> keys() {
    byte[] row = {'a', 0x00, 'b'};
    return Stream.of(
        Arguments.of("key of a row without zero bytes", KeyCodec.key(b("ab"), b("q")),
            "6162 0001 71"),         // row, terminator 00 01, qualifier
        Arguments.of("key with an empty qualifier", KeyCodec.key(b("ab"), new byte[0]), "6162 0001"),
        Arguments.of("key of a row with a zero byte", KeyCodec.key(row, new byte[] {0x00}),
            "61 00ff 62 0001 00"),   // the row's 00 escaped as 00 ff
        Arguments.of("start of a row", KeyCodec.rowStart(row), "61 00ff 62 0001"),
        Arguments.of("end of a row", KeyCodec.rowEnd(row), "61 00ff 62 0002"),
        Arguments.of("counter operand 5", LongCodec.counterOperand(5), "0500000000000000"), // little-endian
        Arguments.of("counter operand -1", LongCodec.counterOperand(-1), "ffffffffffffffff"),
        Arguments.of("max operand -7", LongCodec.maxOperand(-7), "7ffffffffffffff9"), // sign bit flipped
        Arguments.of("max operand 256", LongCodec.maxOperand(256), "8000000000000100"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keys")
  void keysAndOperands_haveTheirGoldenBytes(String what, byte[] actual, String golden) {
    assertThat(HexFormat.of().formatHex(actual)).as(CHANGED, what).isEqualTo(golden.replace(" ", ""));
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }
}
