package io.pinscope.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.RowKeys;
import io.pinscope.storage.spi.StorageException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyCodecTest {
  private static final byte[] ALPHABET = {0x00, 0x01, (byte) 0x7F, (byte) 0x80, (byte) 0xFE, (byte) 0xFF};

  @Test
  void key_roundTripsRowAndQualifier_throughCell() {
    Random random = new Random(1);
    for (int i = 0; i < 1000; i++) {
      byte[] row = randomBytes(random, 1, 6);
      byte[] qualifier = randomBytes(random, 0, 6);
      byte[] value = randomBytes(random, 0, 3);
      Cell cell = KeyCodec.cell(KeyCodec.key(row, qualifier), value);
      assertThat(cell.row()).containsExactly(row);
      assertThat(cell.qualifier()).containsExactly(qualifier);
      assertThat(cell.value()).containsExactly(value);
    }
  }

  @Test
  void key_ordersByRowThenQualifier_asUnsignedBytes() {
    Random random = new Random(2);
    List<byte[][]> cells = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      cells.add(new byte[][] {randomBytes(random, 1, 4), randomBytes(random, 0, 3)});
    }
    Comparator<byte[][]> byRowThenQualifier = Comparator.<byte[][], byte[]>comparing(c -> c[0],
        RowKeys::compare).thenComparing(c -> c[1], RowKeys::compare);
    Comparator<byte[][]> byKey =
        Comparator.comparing(c -> KeyCodec.key(c[0], c[1]), RowKeys::compare);
    for (int i = 0; i + 1 < cells.size(); i++) {
      byte[][] a = cells.get(i);
      byte[][] b = cells.get(i + 1);
      assertThat(Integer.signum(byKey.compare(a, b)))
          .as("%s vs %s", render(a), render(b))
          .isEqualTo(Integer.signum(byRowThenQualifier.compare(a, b)));
    }
  }

  @Test
  void rowBounds_enclosePrecisely_theKeysOfOneRow() {
    byte[] row = {'a', 0x00};
    assertThat(RowKeys.compare(KeyCodec.rowStart(row), KeyCodec.key(row, new byte[0]))).isZero();
    assertThat(RowKeys.compare(KeyCodec.key(row, new byte[] {(byte) 0xFF, (byte) 0xFF}),
        KeyCodec.rowEnd(row))).isNegative();
    // Neighbours that share the prefix stay outside.
    for (byte[] other : List.of(new byte[] {'a'}, new byte[] {'a', 0x00, 0x00},
        new byte[] {'a', 0x00, 0x01}, new byte[] {'a', 0x01}, new byte[] {'a', (byte) 0xFF})) {
      byte[] key = KeyCodec.key(other, new byte[] {0x00});
      boolean inside = RowKeys.compare(key, KeyCodec.rowStart(row)) >= 0
          && RowKeys.compare(key, KeyCodec.rowEnd(row)) < 0;
      assertThat(inside).as("row %s", render(new byte[][] {other, {}})).isFalse();
    }
  }

  @Test
  void cell_rejectsKeyWithoutTerminator() {
    assertThatThrownBy(() -> KeyCodec.cell(new byte[] {'a', 0x00, 0x05}, new byte[0]))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("corrupt rocksdb key");
  }

  private static byte[] randomBytes(Random random, int min, int max) {
    byte[] b = new byte[min + random.nextInt(max - min + 1)];
    for (int i = 0; i < b.length; i++) {
      b[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return b;
  }

  private static String render(byte[][] cell) {
    return java.util.HexFormat.of().formatHex(cell[0]) + "/" + java.util.HexFormat.of().formatHex(cell[1]);
  }
}
