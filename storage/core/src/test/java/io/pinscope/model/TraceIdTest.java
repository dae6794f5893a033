package io.pinscope.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TraceIdTest {
  @Test
  void hex_roundTrip_lowerCasesUpperCaseInput() {
    TraceId id = TraceId.fromHex("5B8EFFF798038103D269B633813FC60C");

    assertThat(id.toHex()).isEqualTo("5b8efff798038103d269b633813fc60c");
    assertThat(TraceId.fromBytes(id.toBytes())).isEqualTo(id);
    assertThat(id.isValid()).isTrue();
    assertThat(new TraceId(0, 0).isValid()).isFalse();
  }

  @Test
  void badInput_namesTheValueAndTheExpectation() {
    assertThatThrownBy(() -> TraceId.fromHex("abc")).hasMessage("trace id: abc (expected: 32 hex digits, found 3)");
    assertThatThrownBy(() -> TraceId.fromHex("zz8efff798038103d269b633813fc60c"))
        .hasMessageContaining("expected: 32 hex digits");
    assertThatThrownBy(() -> TraceId.fromBytes(new byte[3])).hasMessage("trace id bytes: 3 (expected: 16)");
  }

  @Test
  void spanIds_hexRoundTrip_signedLongs() {
    assertThat(SpanIds.fromHex("FFFFFFFFFFFFFFFE")).isEqualTo(-2L);
    assertThat(SpanIds.toHex(-2L)).isEqualTo("fffffffffffffffe");
    assertThat(SpanIds.isValid(0)).isFalse();
    assertThatThrownBy(() -> SpanIds.fromHex("12")).hasMessageContaining("span id: 12");
  }
}
