package io.pinscope.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.storage.spi.Longs;
import io.pinscope.storage.spi.RowKeys;
import io.pinscope.storage.spi.StorageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LongCodecTest {
  private static final List<Long> VALUES =
      List.of(Long.MIN_VALUE, -300L, -1L, 0L, 1L, 255L, 256L, 1L << 40, Long.MAX_VALUE);

  @Test
  void counterOperand_isLittleEndian_andReadsBackBigEndian() {
    assertThat(LongCodec.counterOperand(0x0102030405060708L))
        .containsExactly(8, 7, 6, 5, 4, 3, 2, 1);
    for (long v : VALUES) {
      assertThat(Longs.fromBytes(LongCodec.counterValue(LongCodec.counterOperand(v)))).isEqualTo(v);
    }
  }

  @Test
  void maxOperand_sortsBytewiseLikeSignedLongs() {
    for (int i = 0; i + 1 < VALUES.size(); i++) {
      assertThat(RowKeys.compare(LongCodec.maxOperand(VALUES.get(i)),
          LongCodec.maxOperand(VALUES.get(i + 1)))).isNegative();
    }
    for (long v : VALUES) {
      assertThat(Longs.fromBytes(LongCodec.maxValue(LongCodec.maxOperand(v)))).isEqualTo(v);
    }
  }

  @Test
  void values_rejectWrongLength() {
    assertThatThrownBy(() -> LongCodec.counterValue(new byte[7]))
        .isInstanceOf(StorageException.class)
        .hasMessage("corrupt rocksdb counter cell: 7 bytes (expected: 8)");
    assertThatThrownBy(() -> LongCodec.maxValue(new byte[9]))
        .isInstanceOf(StorageException.class)
        .hasMessage("corrupt rocksdb max cell: 9 bytes (expected: 8)");
  }
}
