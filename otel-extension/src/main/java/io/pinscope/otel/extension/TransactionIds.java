package io.pinscope.otel.extension;

import io.opentelemetry.api.trace.TraceId;
import java.util.concurrent.atomic.AtomicLong;

/** Pinpoint transaction ids ({@code agentId^agentStartTime^sequence}) and their link to W3C trace ids. */
final class TransactionIds {
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private TransactionIds() {}

  /** A new TxId for a transaction that starts in this process; sequences start at 1, as Pinpoint's do. */
  static String next(PinpointIdentity identity) {
    return identity.agentId + '^' + identity.agentStartTime + '^' + SEQUENCE.incrementAndGet();
  }

  /**
   * The TxId of a trace that started in a service without this extension. Every service derives the same
   * value from the trace id alone: {@code otel<s>^<high>^<low>}, where high and low are the two 64-bit
   * halves with their sign bits cleared and moved into the digit {@code s} (0-3), so the mapping is
   * reversible and both numbers are non-negative as Pinpoint expects.
   */
  static String fromTraceId(String traceId) {
    long high = Long.parseUnsignedLong(traceId.substring(0, 16), 16);
    long low = Long.parseUnsignedLong(traceId.substring(16, 32), 16);
    int signs = (high < 0 ? 2 : 0) | (low < 0 ? 1 : 0);
    return "otel" + signs + '^' + (high & Long.MAX_VALUE) + '^' + (low & Long.MAX_VALUE);
  }

  /**
   * The W3C trace id a Pinpoint TxId continues under: the first 16 bytes of SHA-256 over the TxId (never
   * all zero). Deterministic, so every OTel service that receives the same TxId lands in one trace.
   */
  static String toTraceId(String txId) {
    byte[] digest = PinpointIdentity.sha256(txId);
    long high = 0;
    long low = 0;
    for (int i = 0; i < 8; i++) {
      high = (high << 8) | (digest[i] & 0xff);
      low = (low << 8) | (digest[i + 8] & 0xff);
    }
    if (high == 0 && low == 0) {
      low = 1;
    }
    return TraceId.fromLongs(high, low);
  }

  /**
   * Whether {@code txId} is a Pinpoint TxId this extension can carry: three '^'-separated parts, a
   * non-empty agent id of tracestate-safe characters, and two decimal longs.
   */
  static boolean isValid(String txId) {
    if (txId == null || txId.length() > 200) {
      return false;
    }
    String[] parts = txId.split("\\^", -1);
    if (parts.length != 3 || parts[0].isEmpty()) {
      return false;
    }
    if (!PpEntry.clean(parts[0], 200).equals(parts[0])) {
      return false;
    }
    try {
      Long.parseLong(parts[1]);
      Long.parseLong(parts[2]);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
