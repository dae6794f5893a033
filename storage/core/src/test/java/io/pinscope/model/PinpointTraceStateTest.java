package io.pinscope.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PinpointTraceStateTest {
  @Test
  void readsSubKeys_inAnyOrder_amongOtherVendors() {
    String state = "rojo=00f067aa0ba902b7, pp=type:1010;tx:web-1^1700000000000^42;app:web ,congo=t61rcWkgMzE";

    assertThat(PinpointTraceState.transactionId(state)).isEqualTo("web-1^1700000000000^42");
    assertThat(PinpointTraceState.subKey(state, "app")).isEqualTo("web");
    assertThat(PinpointTraceState.subKey(state, "type")).isEqualTo("1010");
    assertThat(PinpointTraceState.subKey(state, "svc")).isNull();
  }

  @Test
  void absentOrEmpty_isNull() {
    assertThat(PinpointTraceState.transactionId("")).isNull();
    assertThat(PinpointTraceState.transactionId("rojo=1")).isNull();
    assertThat(PinpointTraceState.transactionId("pp=tx:")).isNull();
    assertThat(PinpointTraceState.transactionId("xpp=tx:1^2^3")).isNull();
  }

  @Test
  void caller_readsAppTypeAndSetter() {
    PinpointTraceState.Caller c = PinpointTraceState.caller("pp=app:web;type:1010;tx:a^1^2;sid:00f067aa0ba902b7");

    assertThat(c).isNotNull();
    assertThat(c.application()).isEqualTo("web");
    assertThat(c.type()).isEqualTo("1010");
    assertThat(c.writtenBy(SpanIds.fromHex("00f067aa0ba902b7"))).isTrue();
    assertThat(c.writtenBy(SpanIds.fromHex("00f067aa0ba902b8"))).isFalse();
  }

  @Test
  void caller_withoutSidOrWithABadOne_hasNoSetter_andWithoutAppIsNull() {
    assertThat(PinpointTraceState.caller("pp=app:legacy;type:1010;tx:a^1^2;ps:-5").hasSetter()).isFalse();
    assertThat(PinpointTraceState.caller("pp=app:legacy;type:1010;tx:a^1^2;ps:-5").fromPinpointHeaders()).isTrue();
    // No sid and no ps: an entry of a span that injected its context by hand, passed along: it names nobody.
    assertThat(PinpointTraceState.caller("pp=app:gateway;type:1001;tx:a^1^2").fromPinpointHeaders()).isFalse();
    assertThat(PinpointTraceState.caller("pp=app:gateway;tx:a^1^2;ps:3;sid:00f067aa0ba902b7").fromPinpointHeaders())
        .isFalse();
    assertThat(PinpointTraceState.caller("pp=app:web;sid:xyz").hasSetter()).isFalse();
    assertThat(PinpointTraceState.caller("pp=app:web;sid:00f067aa0ba902bz").hasSetter()).isFalse();
    assertThat(PinpointTraceState.caller("pp=tx:a^1^2")).isNull();
    assertThat(PinpointTraceState.caller("")).isNull();
  }
}
