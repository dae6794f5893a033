package io.pinscope.receiver.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The unary frame as it arrives: one well-formed message passes, every lie about the frame is named. */
class GrpcFrameTest {
  private static ByteBuf prefix(int flag, int length) {
    return Unpooled.wrappedBuffer(ByteBuffer.allocate(5).put((byte) flag).putInt(length).array());
  }

  private static GrpcFrame read(int flag, int length, boolean encoded) {
    GrpcFrame frame = new GrpcFrame(encoded);
    ByteBuf bytes = prefix(flag, length);
    // The prefix split over two chunks, as it may arrive.
    assertThat(frame.take(bytes, 0, 2)).isEqualTo(2);
    assertThat(frame.complete()).isFalse();
    assertThat(frame.take(bytes, 2, 3)).isEqualTo(3);
    assertThat(frame.take(bytes, 5, 0)).isZero();
    assertThat(frame.complete()).isTrue();
    return frame;
  }

  @Test
  void oneMessage_passes() {
    GrpcFrame plain = read(0, 10, false);
    assertThat(plain.messageLength()).isEqualTo(10);
    assertThat(plain.compressed()).isFalse();
    plain.checkMore(10);
    plain.checkEnd(10);
    read(0, 0, false).checkEnd(0);
    GrpcFrame gzip = read(1, 3, true);
    assertThat(gzip.compressed()).isTrue();
    gzip.checkEnd(3);
    assertThat(read(0, -1, false).messageLength()).isEqualTo(4294967295L);
  }

  @Test
  void brokenFrames_areNamed() {
    GrpcFrame cut = new GrpcFrame(false);
    cut.take(prefix(0, 1), 0, 3);
    assertThatThrownBy(() -> cut.checkEnd(0)).hasMessageStartingWith("truncated gRPC frame: 3 bytes");
    assertThatThrownBy(() -> new GrpcFrame(false).take(prefix(7, 1), 0, 1))
        .isInstanceOf(BadRequestException.class).hasMessageStartingWith("gRPC compressed flag: 7 (expected: 0 or 1)");
    assertThatThrownBy(() -> new GrpcFrame(false).take(prefix(1, 1), 0, 5))
        .hasMessageStartingWith("compressed gRPC message without grpc-encoding");
    assertThatThrownBy(() -> read(0, 100, false).checkEnd(10))
        .hasMessageStartingWith("gRPC message length: 100 (expected: 10, the rest of the body");
    assertThatThrownBy(() -> read(0, 4, false).checkMore(5)).hasMessageContaining("one message per export");
  }

  @Test
  void framed_isThePrefixAndTheBytes() {
    byte[] frame = GrpcFrame.framed(true, new byte[] {7, 8, 9, 0}, 3);
    assertThat(frame).containsExactly(1, 0, 0, 0, 3, 7, 8, 9);
  }

  @Test
  void grpcTimeout_isParsed_malformedIgnored() {
    assertThat(GrpcTraceService.timeout("10S")).isEqualTo(Duration.ofSeconds(10));
    assertThat(GrpcTraceService.timeout("2H")).isEqualTo(Duration.ofHours(2));
    assertThat(GrpcTraceService.timeout("3M")).isEqualTo(Duration.ofMinutes(3));
    assertThat(GrpcTraceService.timeout("250m")).isEqualTo(Duration.ofMillis(250));
    assertThat(GrpcTraceService.timeout("99999999u")).isEqualTo(Duration.ofNanos(99_999_999_000L));
    assertThat(GrpcTraceService.timeout("5n")).isEqualTo(Duration.ofNanos(5));
    for (String bad : new String[] {"", "S", "10", "10s", "-1S", "123456789S", "1.5S"}) {
      assertThat(GrpcTraceService.timeout(bad)).as(bad).isNull();
    }
    assertThat(GrpcTraceService.timeout(null)).isNull();
  }
}
