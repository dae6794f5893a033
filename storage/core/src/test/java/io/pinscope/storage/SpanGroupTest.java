package io.pinscope.storage;

import static io.pinscope.TestObjects.randomTraceId;
import static io.pinscope.TestObjects.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.Longs;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/** {@link SpanGroup}'s cell layout and {@link SpanCopies}' choice among copies of a span. */
class SpanGroupTest {
  private static final byte[] ROW = {0, 1, 2};
  /** These spans carry their origins inline ({@link SpanOrigins#NONE}): none is looked up. */
  private static final LongFunction<SpanOrigin> NO_ORIGINS = id -> {
    throw new AssertionError("origin " + id + " looked up");
  };
  private final TraceId traceId = randomTraceId();

  private List<StoredSpan> spans(int n) {
    List<StoredSpan> spans = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      spans.add(span(traceId, "orders", i).build());
    }
    return spans;
  }

  private static SpanGroup.Writer group(List<StoredSpan> spans) {
    SpanGroup.Writer w = new SpanGroup.Writer();
    spans.forEach(s -> w.add(s, SpanOrigins.NONE));
    return w;
  }

  @Test
  void value_isAFormatByte_thenIdLengthAndStoredFormPerSpan() {
    List<StoredSpan> spans = spans(2);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(1);
    for (StoredSpan s : spans) {
      byte[] form = SpanCodec.encode(s, SpanOrigins.NONE);
      expected.writeBytes(Longs.toBytes(s.spanId()));
      for (int n = form.length; ; n >>>= 7) { // varint
        expected.write(n < 0x80 ? n : (n & 0x7F) | 0x80);
        if (n < 0x80) {
          break;
        }
      }
      expected.writeBytes(form);
    }

    assertThat(HexFormat.of().formatHex(group(spans).value())).isEqualTo(HexFormat.of().formatHex(
        expected.toByteArray()));
  }

  @Test
  void qualifier_isTheFirstSpanIdThenAHashOfAllIds_sameForTheSameSpansInTheSameOrder() {
    List<StoredSpan> spans = spans(3);
    byte[] q = group(spans).qualifier();

    assertThat(q).hasSize(SpanGroup.QUALIFIER_BYTES);
    assertThat(ByteBuffer.wrap(q).getLong(0)).isEqualTo(spans.get(0).spanId());
    assertThat(group(spans).qualifier()).isEqualTo(q);
    assertThat(group(List.of(spans.get(0), spans.get(2), spans.get(1))).qualifier()).isNotEqualTo(q);
    assertThat(group(spans.subList(0, 2)).qualifier()).isNotEqualTo(q);
    assertThat(SpanGroup.isGroup(q)).isTrue();
    assertThat(SpanGroup.isGroup(Longs.toBytes(1))).isFalse();
  }

  @Test
  void writer_isFullAtMaxSpans_orAtMaxBytes() {
    SpanGroup.Writer bySpans = new SpanGroup.Writer();
    List<StoredSpan> many = spans(SpanGroup.MAX_SPANS);
    for (int i = 0; i < many.size(); i++) {
      assertThat(bySpans.isFull()).as("after %d spans", i).isFalse();
      bySpans.add(many.get(i), SpanOrigins.NONE);
    }
    assertThat(bySpans.isFull()).isTrue();

    StoredSpan big = span(traceId, "orders", 0).name("x".repeat(SpanGroup.MAX_BYTES)).build();
    assertThat(new SpanGroup.Writer().add(big, SpanOrigins.NONE).isFull()).isTrue();
  }

  @Test
  void forEach_andSpanCount_readEverySpanBack() {
    List<StoredSpan> spans = spans(5);
    SpanGroup.Writer w = group(spans);
    byte[] value = w.value();
    List<StoredSpan> read = new ArrayList<>();
    SpanGroup.forEach(value, (id, v, offset, end) -> read.add(SpanCodec.decode(traceId, id, v, offset, end, NO_ORIGINS)));

    assertThat(read).containsExactlyElementsOf(spans);
    assertThat(SpanGroup.spanCount(w.qualifier(), value)).isEqualTo(5);
    assertThat(SpanGroup.spanCount(Longs.toBytes(7), SpanCodec.encode(spans.get(0), SpanOrigins.NONE))).isEqualTo(1);
  }

  @Test
  void forEach_refusesATruncatedValue() {
    byte[] value = group(spans(2)).value();
    byte[] cut = java.util.Arrays.copyOf(value, value.length - 3);

    assertThatThrownBy(() -> SpanGroup.forEach(cut, (id, v, offset, end) -> { }))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt value");
  }

  @Test
  void copies_singleCellWinsOverAGroup_inEitherOrder() {
    List<StoredSpan> spans = spans(2);
    StoredSpan renamed = spans.get(1).toBuilder().name("renamed").build();
    SpanGroup.Writer w = group(spans);
    Cell groupCell = new Cell(ROW, w.qualifier(), w.value());
    Cell single = new Cell(ROW, Longs.toBytes(renamed.spanId()), SpanCodec.encode(renamed, SpanOrigins.NONE));

    for (List<Cell> order : List.of(List.of(groupCell, single), List.of(single, groupCell))) {
      SpanCopies copies = SpanCopies.all(traceId, 100);
      order.forEach(copies::add);
      assertThat(copies.decode(NO_ORIGINS)).containsExactlyInAnyOrder(spans.get(0), renamed);
      assertThat(copies.truncated()).isFalse();
    }
  }

  @Test
  void copies_stopAtTheLimit_andSayTruncated() {
    SpanGroup.Writer w = group(spans(5));
    SpanCopies copies = SpanCopies.all(traceId, 3);

    assertThat(copies.add(new Cell(ROW, w.qualifier(), w.value()))).isFalse();
    assertThat(copies.truncated()).isTrue();
    assertThat(copies.decode(NO_ORIGINS)).hasSize(3);
  }

  @Test
  void copies_ofOneSpan_decodeOnlyThatSpan() {
    List<StoredSpan> spans = spans(4);
    SpanGroup.Writer w = group(spans);
    SpanCopies copies = SpanCopies.of(traceId, spans.get(2).spanId());
    copies.add(new Cell(ROW, w.qualifier(), w.value()));

    assertThat(copies.decode(NO_ORIGINS)).containsExactly(spans.get(2));
  }

  @Test
  void copies_refuseAQualifierOfAnotherLength() {
    SpanCopies copies = SpanCopies.all(traceId, 10);

    assertThatThrownBy(() -> copies.add(new Cell(ROW, new byte[5], new byte[1])))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("corrupt traces cell: a qualifier of 5 bytes (expected: 8 or 16)");
  }
}
