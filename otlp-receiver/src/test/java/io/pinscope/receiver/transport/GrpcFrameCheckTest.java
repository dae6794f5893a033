package io.pinscope.receiver.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpData;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The unary frame check: one well-formed message passes, every lie about the frame is named. */
class GrpcFrameCheckTest {
  private static HttpData frame(int flag, int length, int actual) {
    return HttpData.wrap(ByteBuffer.allocate(5 + actual).put((byte) flag).putInt(length).array());
  }

  @Test
  void oneMessage_passes() {
    assertThat(GrpcFrameCheck.problem(frame(0, 10, 10), false)).isNull();
    assertThat(GrpcFrameCheck.problem(frame(0, 0, 0), false)).isNull();
    assertThat(GrpcFrameCheck.problem(frame(1, 3, 3), true)).isNull();
  }

  @Test
  void brokenFrames_areNamed() {
    assertThat(GrpcFrameCheck.problem(HttpData.wrap(new byte[] {0, 0, 0}), false)).startsWith("truncated gRPC frame: 3");
    assertThat(GrpcFrameCheck.problem(frame(7, 1, 1), false)).startsWith("gRPC compressed flag: 7");
    assertThat(GrpcFrameCheck.problem(frame(1, 1, 1), false)).startsWith("compressed gRPC message without");
    assertThat(GrpcFrameCheck.problem(frame(0, 100, 10), false)).startsWith("gRPC message length: 100 (expected: 10");
    assertThat(GrpcFrameCheck.problem(frame(0, 4, 10), false)).contains("one message per export");
    assertThat(GrpcFrameCheck.problem(frame(0, -1, 10), false)).startsWith("gRPC message length: 4294967295");
  }
}
