package io.pinscope.otel.extension;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.IdGenerator;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class PinscopeIdGeneratorTest {
  @Test
  void spanIds_skipZeroAndMinusOne() {
    Deque<String> ids = new ArrayDeque<>(Arrays.asList("0000000000000000", "ffffffffffffffff", "00000000000000a1"));
    PinscopeIdGenerator generator = new PinscopeIdGenerator(new Scripted(ids, null));

    assertThat(generator.generateSpanId()).isEqualTo("00000000000000a1");
  }

  @Test
  void traceIds_skipZero() {
    Deque<String> ids = new ArrayDeque<>(Arrays.asList("00000000000000000000000000000000",
        "0000000000000000000000000000000b"));
    PinscopeIdGenerator generator = new PinscopeIdGenerator(new Scripted(null, ids));

    assertThat(generator.generateTraceId()).isEqualTo("0000000000000000000000000000000b");
  }

  @Test
  void randomIds_areValid() {
    PinscopeIdGenerator generator = new PinscopeIdGenerator();
    for (int i = 0; i < 1000; i++) {
      assertThat(generator.generateSpanId()).hasSize(16).isNotIn("0000000000000000", "ffffffffffffffff");
      assertThat(generator.generateTraceId()).hasSize(32).isNotEqualTo("00000000000000000000000000000000");
    }
    assertThat(generator.generatesRandomTraceIds()).isTrue();
  }

  @Test
  void lastSpanId_isTheLastOneGeneratedOnThisThread_andIsReadOnce() throws InterruptedException {
    Deque<String> ids = new ArrayDeque<>(Arrays.asList("00000000000000a1", "00000000000000a2"));
    PinscopeIdGenerator generator = new PinscopeIdGenerator(new Scripted(ids, null));
    generator.generateSpanId();
    generator.generateSpanId();
    String[] onOtherThread = {"unset"};
    Thread other = new Thread(() -> onOtherThread[0] = generator.takeLastSpanId());
    other.start();
    other.join();

    assertThat(onOtherThread[0]).isNull();
    assertThat(generator.takeLastSpanId()).isEqualTo("00000000000000a2");
    assertThat(generator.takeLastSpanId()).isNull();
    assertThat(new PinscopeIdGenerator().takeLastSpanId()).isNull();
  }

  private static final class Scripted implements IdGenerator {
    private final Deque<String> spanIds;
    private final Deque<String> traceIds;

    Scripted(Deque<String> spanIds, Deque<String> traceIds) {
      this.spanIds = spanIds;
      this.traceIds = traceIds;
    }

    @Override
    public String generateSpanId() {
      return spanIds.removeFirst();
    }

    @Override
    public String generateTraceId() {
      return traceIds.removeFirst();
    }
  }
}
