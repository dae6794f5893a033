package io.pinscope.storage;

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
}
