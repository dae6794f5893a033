package io.pinscope.storage;

import static io.pinscope.storage.GoldenBytes.assertBytes;
import static io.pinscope.storage.GoldenBytes.assertValue;
import static io.pinscope.storage.GoldenBytes.bytes;
import static io.pinscope.storage.GoldenBytes.hex;

import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotValue;
import io.pinscope.storage.memory.MemoryEngineProvider;
import io.pinscope.storage.spi.EngineConfig;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins how {@link HistogramCells} stores a histogram: in the counter family one cell per non-empty band,
 * its qualifier the key qualifier plus a code byte (1-4 successful calls in bands 0-3, 5-8 failed calls
 * in bands 0-3, 9 the sum of milliseconds), and in the max family one cell under the bare key qualifier.
 * Renumbering a code would move every stored count to another band. Each cell below is
 * {@code op family qualifier(hex) amount}; the key qualifier is {@code 6b} ("k").
 */
class HistogramCellsGoldenTest {
  private static final byte[] ROW = {0x72};
  private static final byte[] KEY = {0x6b};
  /** Elapsed times (ms) of the calls, and whether each failed. */
  private static final long[] ELAPSED = {150, 150, 1_500, 4_000, 7_000, 7_000, 250};
  private static final boolean[] FAILED = {false, false, false, true, true, true, true};

  @Test
  void normalSchema_cellsAndCodes() {
    // NORMAL bands: <= 1 s, <= 3 s, <= 5 s, slower.
    assertValue("the histogram cells of a NORMAL histogram (HistogramCells codes)",
        cells(HistogramSchema.NORMAL), List.of(
            "ADD c 6b01 2",        // code 1: ok, band 0 (150, 150)
            "ADD c 6b02 1",        // code 2: ok, band 1 (1500)
            "ADD c 6b05 1",        // code 5: failed, band 0 (250)
            "ADD c 6b07 1",        // code 7: failed, band 2 (4000)
            "ADD c 6b08 2",        // code 8: failed, band 3 (7000, 7000)
            "ADD c 6b09 20050",    // code 9: sum of milliseconds
            "MAX m 6b 7000"));     // the max, under the key qualifier alone
  }

  @Test
  void fastSchema_cellsAndCodes() {
    // FAST bands (caches): <= 100 ms, <= 300 ms, <= 500 ms, slower.
    assertValue("the histogram cells of a FAST histogram (HistogramCells codes)",
        cells(HistogramSchema.FAST), List.of(
            "ADD c 6b02 2",        // code 2: ok, band 1 (150, 150)
            "ADD c 6b04 1",        // code 4: ok, band 3 (1500)
            "ADD c 6b06 1",        // code 6: failed, band 1 (250)
            "ADD c 6b08 3",        // code 8: failed, band 3 (4000, 7000, 7000)
            "ADD c 6b09 20050",    // code 9: sum of milliseconds
            "MAX m 6b 7000"));
  }

  @Test
  void emptyBands_andZeroSum_writeNoCell_butTheMaxIsAlwaysWritten() {
    Histogram zero = Histogram.of(HistogramSchema.NORMAL, 0, false);

    assertValue("the histogram cells of one 0 ms call (HistogramCells codes)", cells(zero),
        List.of("ADD c 6b01 1", "MAX m 6b 0"));
  }

  @Test
  void subtract_writesNegativeIncrementsOfTheSameCodes_andNoMax() {
    Histogram h = Histogram.of(HistogramSchema.NORMAL, 150, false).plus(4_000, true);
    WriteBatch batch = new WriteBatch();
    HistogramCells.subtract(batch, Storage.STAT_SELF, ROW, KEY, h);

    assertValue("the cells that take a histogram back out (HistogramCells.subtract)",
        batch.mutations().stream().map(m -> m.op() + " " + m.family() + " " + hex(m.qualifier()) + " " + m.amount())
            .sorted().toList(),
        List.of("ADD c 6b01 -1", "ADD c 6b07 -1", "ADD c 6b09 -4150"));
  }

  @Test
  void row_isThePrefixThenTheInvertedSlot() {
    assertBytes("a statistics row (HistogramCells.row)",
        HistogramCells.row(new byte[] {0x70}, GoldenFixtures.SLOT_MILLIS), """
            70                  // the prefix (salt hash name)
            7ffffe74301ae61f    // inv(slot 1699999980000), 8 bytes big-endian
            """);
  }

  @Test
  void read_mapsEveryCodeBackToItsBand() {
    WideColumnStore store = new MemoryEngineProvider().open(
        new EngineConfig(null, Map.of(), GoldenFixtures.CLOCK), Storage.tables(Retention.DEFAULTS));
    byte[] row = bytes(GoldenCells.STAT_SELF.get(0).row()); // salt h("shop") "shop" inv(slot)
    byte[] key = bytes("000003e9 06 73686f702d31");         // type 1001 (JAVA, NORMAL), agent "shop-1"
    WriteBatch batch = new WriteBatch();
    for (int code = 1; code <= 8; code++) {
      batch.increment(Storage.STAT_SELF, Storage.COUNTS, row, withCode(key, code), code * 10L);
    }
    batch.increment(Storage.STAT_SELF, Storage.COUNTS, row, withCode(key, 9), 12_345);
    batch.max(Storage.STAT_SELF, Storage.MAXIMA, row, key, 6_789);
    store.write(batch);

    long slot = GoldenFixtures.SLOT_MILLIS;
    assertValue("histogram cells read back (HistogramCells codes)",
        new Storage(store).statistics().readSelf("shop", slot, slot + SlotValue.SLOT_MILLIS),
        List.of(new SlotValue<>(slot, new SelfKey("shop", 1001, "shop-1"),
            new Histogram(HistogramSchema.NORMAL, new long[] {10, 20, 30, 40}, new long[] {50, 60, 70, 80},
                12_345, 6_789))));
  }

  private static byte[] withCode(byte[] key, int code) {
    byte[] q = Arrays.copyOf(key, key.length + 1);
    q[key.length] = (byte) code;
    return q;
  }

  private static List<String> cells(HistogramSchema schema) {
    Histogram h = Histogram.empty(schema);
    for (int i = 0; i < ELAPSED.length; i++) {
      h = h.plus(ELAPSED[i], FAILED[i]);
    }
    return cells(h);
  }

  private static List<String> cells(Histogram h) {
    WriteBatch batch = new WriteBatch();
    HistogramCells.add(batch, Storage.STAT_SELF, ROW, KEY, h);
    return batch.mutations().stream()
        .map(m -> {
          assertValue("the table and row of a histogram cell", m.table() + " " + hex(m.row()),
              "stat_self 72");
          return m.op() + " " + m.family() + " " + hex(m.qualifier()) + " " + m.amount();
        })
        .sorted()
        .toList();
  }
}
