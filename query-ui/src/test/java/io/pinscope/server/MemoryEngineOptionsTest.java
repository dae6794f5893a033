package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.storage.memory.MemoryLimits;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --memory-max-spans} and {@code --memory-purge-interval-seconds} become the memory engine's options. */
class MemoryEngineOptionsTest {
  @Test
  void memoryEngine_getsItsBounds_otherEnginesDoNot() {
    ServerConfig memory = ServerConfig.parse(new String[] {"--storage", "memory", "--memory-max-spans", "5000",
        "--memory-purge-interval-seconds", "0"}, Map.of());
    assertThat(memory.storage().engineOptions()).containsEntry(MemoryLimits.MAX_SPANS, "5000")
        .containsEntry(MemoryLimits.PURGE_INTERVAL, "0");

    assertThat(ServerConfig.parse(new String[] {"--storage", "memory"}, Map.of()).storage().engineOptions())
        .containsEntry(MemoryLimits.MAX_SPANS, "1000000").containsEntry(MemoryLimits.PURGE_INTERVAL, "60");
    assertThat(ServerConfig.parse(new String[0], Map.of()).storage().engineOptions())
        .doesNotContainKey(MemoryLimits.MAX_SPANS);
  }

  @Test
  void badCap_isRefusedWithTheExpectedRange() {
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--storage", "memory", "--memory-max-spans", "0"},
        Map.of()).storage()).hasMessage("memory-max-spans: 0 (expected: 1..2147483647)");
  }
}
