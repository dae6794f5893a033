package io.pinscope.storage;

import io.pinscope.model.Attributes;
import io.pinscope.model.InstrumentationScope;
import io.pinscope.model.StoredSpan;
import io.pinscope.storage.spi.Longs;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Where a span came from: its application, its agent and the instrumentation scope that made it. Every span
 * of one scope of one agent repeats these (~70–100 bytes with real scope names), so they are stored once, in
 * the {@code span_origins} table, and a span's stored form refers to them by {@link #idOf id} ({@link SpanOrigins}).
 *
 * <p>Stored form: a format byte, then the application, agent id, scope name and scope version as
 * length-prefixed UTF-8, then the scope attributes ({@link AttributeCodec}).
 */
record SpanOrigin(String applicationName, String agentId, InstrumentationScope scope) {
  /** What a span whose origin row cannot be found is read with. */
  static final SpanOrigin UNKNOWN = new SpanOrigin("", "", InstrumentationScope.empty());

  private static final int FORMAT = 1;
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 (every Java runtime has it)", e);
    }
  });

  static SpanOrigin of(StoredSpan s) {
    return new SpanOrigin(s.applicationName(), s.agentId(), s.scope());
  }

  private void writeTo(BinaryWriter w) {
    w.writeByte(FORMAT);
    w.writeString(applicationName).writeString(agentId).writeString(scope.name()).writeString(scope.version());
    AttributeCodec.write(w, scope.attributes());
  }

  /** Reads a stored form. */
  static SpanOrigin read(byte[] value) {
    BinaryReader r = new BinaryReader(value);
    int format = r.readByte();
    if (format != FORMAT) {
      throw new IllegalStateException("span origin format " + format + " (expected: " + FORMAT + ")");
    }
    String application = r.readString();
    String agent = r.readString();
    String scopeName = r.readString();
    String scopeVersion = r.readString();
    Attributes scopeAttributes = AttributeCodec.read(r);
    return new SpanOrigin(application, agent, new InstrumentationScope(scopeName, scopeVersion, scopeAttributes));
  }

  /**
   * The id of a stored form: the first 8 bytes of its SHA-256, so that every writer gives an origin the same id
   * unaided, and no one can make another origin's id on purpose (spans would be shown under it).
   */
  static long idOf(byte[] storedForm) {
    MessageDigest sha = SHA_256.get();
    sha.reset();
    return Longs.fromBytes(Arrays.copyOf(sha.digest(storedForm), Long.BYTES));
  }


  /** The stored form. */
  byte[] toBytes() {
    BinaryWriter w = new BinaryWriter(64 + 24 * scope.attributes().size());
    writeTo(w);
    return w.toByteArray();
  }
}
