package io.pinscope.receiver.transport;

import com.linecorp.armeria.common.RequestHeaders;
import io.netty.buffer.ByteBuf;

/**
 * The frame of a unary gRPC request, read as its body arrives: a 5-byte prefix (compressed flag, then the
 * message length, big-endian unsigned 32 bits) and exactly one message of that length. The flag is 0 or 1,
 * and 1 only with a {@code grpc-encoding} other than identity. Every lie about the frame throws a
 * {@link BadRequestException} (answered {@code INVALID_ARGUMENT}) whose message names the bad value and the
 * expected one. Not thread-safe: used by one {@link BodyReader} on its event loop.
 */
final class GrpcFrame {
  /** Bytes of the prefix in front of the message. */
  static final int PREFIX = 5;
  /** The header naming the message's compression. */
  static final String ENCODING = "grpc-encoding";
  static final String IDENTITY = "identity";

  private final boolean encoded;
  private final byte[] prefix = new byte[PREFIX];
  private int prefixRead;

  /** @param encoded whether the call's {@code grpc-encoding} is other than identity (so the flag may be 1) */
  GrpcFrame(boolean encoded) {
    this.encoded = encoded;
  }

  /** Whether a call's {@code grpc-encoding} is other than identity, so that its message may be compressed. */
  static boolean encoded(RequestHeaders headers) {
    return !headers.get(ENCODING, IDENTITY).equals(IDENTITY);
  }

  /** A frame of the first {@code length} bytes of {@code message}: the prefix, then those bytes. */
  static byte[] framed(boolean compressed, byte[] message, int length) {
    byte[] frame = new byte[PREFIX + length];
    frame[0] = (byte) (compressed ? 1 : 0);
    frame[1] = (byte) (length >>> 24);
    frame[2] = (byte) (length >>> 16);
    frame[3] = (byte) (length >>> 8);
    frame[4] = (byte) length;
    System.arraycopy(message, 0, frame, PREFIX, length);
    return frame;
  }

  /**
   * Takes the prefix's missing bytes from {@code n} readable bytes of {@code bytes} at {@code from} and
   * returns how many it took (0 once the prefix is complete); checks the flag as soon as it has arrived.
   */
  int take(ByteBuf bytes, int from, int n) {
    int taken = Math.min(n, PREFIX - prefixRead);
    bytes.getBytes(from, prefix, prefixRead, taken);
    if (prefixRead == 0 && taken > 0) {
      checkFlag(prefix[0], encoded);
    }
    prefixRead += taken;
    return taken;
  }

  /** Whether the whole prefix has arrived. */
  boolean complete() {
    return prefixRead == PREFIX;
  }

  /** The message's length as the prefix says; only once {@link #complete()}. */
  long messageLength() {
    return ((prefix[1] & 0xffL) << 24) | ((prefix[2] & 0xffL) << 16) | ((prefix[3] & 0xffL) << 8)
        | (prefix[4] & 0xffL);
  }

  /** Whether the message is compressed as the call's {@code grpc-encoding} says; only once complete. */
  boolean compressed() {
    return prefix[0] == 1;
  }

  /** Throws unless {@code received} more message bytes still fit in the one message. */
  void checkMore(long received) {
    if (received > messageLength()) {
      throw new BadRequestException(400, "gRPC message length: " + messageLength() + " (expected: "
          + "the rest of the body, longer here: one message per export)");
    }
  }

  /** Throws unless the body ended exactly after the one message, of which {@code received} bytes arrived. */
  void checkEnd(long received) {
    if (!complete()) {
      throw new BadRequestException(400, "truncated gRPC frame: " + prefixRead
          + " bytes (expected: a 5-byte prefix and the message)");
    }
    if (received != messageLength()) {
      throw new BadRequestException(400, "gRPC message length: " + messageLength() + " (expected: " + received
          + ", the rest of the body: one message per export)");
    }
  }

  private static void checkFlag(byte flag, boolean encoded) {
    if (flag != 0 && flag != 1) {
      throw new BadRequestException(400, "gRPC compressed flag: " + flag + " (expected: 0 or 1)");
    }
    if (flag == 1 && !encoded) {
      throw new BadRequestException(400, "compressed gRPC message without grpc-encoding "
          + "(expected: grpc-encoding: gzip, or the flag 0)");
    }
  }
}
