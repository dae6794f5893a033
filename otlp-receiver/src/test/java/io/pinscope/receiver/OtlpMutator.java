package io.pinscope.receiver;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Turns valid OTLP requests into hostile ones, deterministically from a {@link SplittableRandom}: field
 * values pushed to their extremes through protobuf reflection (any message type, so all three signals),
 * deep {@code AnyValue} nesting, byte-level edits of the protobuf encoding (bit flips, truncation, inserted,
 * removed and duplicated ranges, varint overflow, wrong wire types, huge lengths), token edits of the JSON
 * encoding, and broken gzip. A mutated request may still be valid: the server must answer it correctly
 * either way.
 */
final class OtlpMutator {
  /** Script and markup that a careless UI would run or render. */
  static final String HTML = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=1</script>";

  private static final String[] JSON_TOKENS = {
      "{", "}", "[", "]", "\"", ",", ":", "null", "true", "false", "0", "-1", "1e999", "-1e999", "1.5",
      "18446744073709551616", "-9223372036854775809", "\"\"", "\"x\"", "{}", "[]", "\"\\u0000\"",
      "\"\\ud800\"", "\"NaN\"", "\"zz\"", "\"0123456789abcdef0123456789abcdeg\"", "\\", "\u00ff"};

  private static final Pattern JSON_ID = Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"[^\"]*\"");
  private static final Pattern JSON_NUMBER = Pattern.compile("\"(startTimeUnixNano|endTimeUnixNano|timeUnixNano"
      + "|asInt|count|kind|severityNumber|aggregationTemporality)\":\"?[-0-9]*\"?");

  private final SplittableRandom r;

  OtlpMutator(SplittableRandom r) {
    this.r = r;
  }

  // ---- structure: field values at their extremes ----

  /** Applies 1..3 structural mutations to {@code b} (a builder of any OTLP message). */
  void mutateStructure(Message.Builder b) {
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      if (r.nextInt(12) == 0) {
        nest(b);
      } else {
        mutateSomeField(b, 0);
      }
    }
  }

  private void mutateSomeField(Message.Builder b, int depth) {
    List<FieldDescriptor> present = new ArrayList<>();
    for (FieldDescriptor f : b.getDescriptorForType().getFields()) {
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
          && (f.isRepeated() ? b.getRepeatedFieldCount(f) > 0 : b.hasField(f))) {
        present.add(f);
      }
    }
    // Descend most of the time so that leaves (span names, timestamps, ids, values) get most mutations.
    if (!present.isEmpty() && depth < 12 && r.nextInt(10) < 8) {
      FieldDescriptor f = present.get(r.nextInt(present.size()));
      Message.Builder child = f.isRepeated()
          ? b.getRepeatedFieldBuilder(f, r.nextInt(b.getRepeatedFieldCount(f)))
          : b.getFieldBuilder(f);
      mutateSomeField(child, depth + 1);
      return;
    }
    List<FieldDescriptor> fields = b.getDescriptorForType().getFields();
    if (fields.isEmpty()) {
      return;
    }
    extreme(b, fields.get(r.nextInt(fields.size())));
  }

  private void extreme(Message.Builder b, FieldDescriptor f) {
    if (f.isRepeated()) {
      int count = b.getRepeatedFieldCount(f);
      switch (r.nextInt(4)) {
        case 0 -> b.clearField(f);
        case 1 -> {
          if (count > 0) {
            Object copy = b.getRepeatedField(f, r.nextInt(count));
            int times = r.nextInt(10) == 0 ? 300 : 1 + r.nextInt(4);
            for (int i = 0; i < times; i++) {
              b.addRepeatedField(f, copy);
            }
          }
        }
        case 2 -> {
          if (count > 0) {
            b.setRepeatedField(f, r.nextInt(count), value(b, f));
          } else {
            b.addRepeatedField(f, value(b, f));
          }
        }
        default -> b.addRepeatedField(f, value(b, f));
      }
      return;
    }
    if (r.nextInt(8) == 0) {
      b.clearField(f);
    } else {
      b.setField(f, value(b, f));
    }
  }

  private Object value(Message.Builder b, FieldDescriptor f) {
    return switch (f.getJavaType()) {
      case INT -> pick(0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, r.nextInt());
      case LONG -> pickOf(0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, r.nextLong(), 1L << 53);
      case FLOAT -> pickOf(Float.NaN, Float.POSITIVE_INFINITY, -0f, Float.MAX_VALUE);
      case DOUBLE -> pickOf(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MAX_VALUE,
          Double.MIN_VALUE, -1.0, 1e300);
      case BOOLEAN -> r.nextBoolean();
      case STRING -> string();
      case BYTE_STRING -> bytes();
      case ENUM -> f.getEnumType().findValueByNumberCreatingIfUnknown(
          pick(-1, 0, 1, 2, 3, 5, 999, Integer.MAX_VALUE));
      case MESSAGE -> messageValue(b, f);
    };
  }

  private Message messageValue(Message.Builder parent, FieldDescriptor f) {
    if (f.getMessageType() == AnyValue.getDescriptor()) {
      return AnyValue.newBuilder().setStringValue(string()).build();
    }
    if (f.getMessageType() == KeyValue.getDescriptor()) {
      return KeyValue.newBuilder().setKey(string()).setValue(AnyValue.newBuilder().setIntValue(r.nextLong())).build();
    }
    return parent.newBuilderForField(f).build();
  }

  private String string() {
    return switch (r.nextInt(10)) {
      case 0 -> "";
      case 1 -> "x".repeat(r.nextInt(10) == 0 ? 70_000 : 300);
      case 2 -> "\u0000nul\u0000";
      case 3 -> "\uD800 lone surrogate \uDC00";
      case 4 -> HTML;
      case 5 -> "   ";
      case 6 -> "../../etc/passwd%00";
      case 7 -> "\u202Eright-to-left \u0301\uFEFF";
      case 8 -> "line\nbreak\r\n\ttab \"quote\" \\";
      default -> Long.toString(r.nextLong(), 36);
    };
  }

  private ByteString bytes() {
    int len = pick(0, 1, 7, 8, 9, 15, 16, 17, 32, 1000);
    byte[] b = new byte[len];
    if (r.nextBoolean()) {
      r.nextBytes(b);
    }
    return ByteString.copyFrom(b);
  }

  /** Sets a deeply nested {@code AnyValue} somewhere a value can go (protobuf's default limit is 100). */
  private void nest(Message.Builder b) {
    int depth = pick(20, 60, 99, 101, 150);
    AnyValue v = AnyValue.newBuilder().setStringValue(HTML).build();
    for (int i = 0; i < depth; i++) {
      v = i % 2 == 0
          ? AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
              .addValues(KeyValue.newBuilder().setKey("k" + i).setValue(v))).build()
          : AnyValue.newBuilder().setArrayValue(io.opentelemetry.proto.common.v1.ArrayValue.newBuilder().addValues(v))
              .build();
    }
    KeyValue deep = KeyValue.newBuilder().setKey("deep").setValue(v).build();
    addKeyValue(b, deep, 0);
  }

  /** Adds {@code kv} to the first {@code attributes}-like repeated KeyValue field found walking down. */
  private boolean addKeyValue(Message.Builder b, KeyValue kv, int depth) {
    for (FieldDescriptor f : b.getDescriptorForType().getFields()) {
      if (f.isRepeated() && f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
          && f.getMessageType() == KeyValue.getDescriptor() && r.nextInt(3) > 0) {
        b.addRepeatedField(f, kv);
        return true;
      }
    }
    if (depth > 8) {
      return false;
    }
    for (FieldDescriptor f : b.getDescriptorForType().getFields()) {
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && f.isRepeated() && b.getRepeatedFieldCount(f) > 0
          && addKeyValue(b.getRepeatedFieldBuilder(f, r.nextInt(b.getRepeatedFieldCount(f))), kv, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  // ---- bytes: the protobuf wire format ----

  /** Applies 1..4 byte-level edits to a protobuf encoding. */
  byte[] mutateBytes(byte[] in) {
    byte[] b = in;
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      b = mutateBytesOnce(b);
    }
    return b;
  }

  private byte[] mutateBytesOnce(byte[] b) {
    int len = b.length;
    int at = len == 0 ? 0 : r.nextInt(len);
    switch (r.nextInt(10)) {
      case 0 -> { // bit flips
        if (len > 0) {
          b = b.clone();
          for (int k = 1 + r.nextInt(4); k > 0; k--) {
            int p = r.nextInt(len);
            b[p] ^= (byte) (1 << r.nextInt(8));
          }
        }
        return b;
      }
      case 1 -> { // random byte values
        if (len > 0) {
          b = b.clone();
          b[at] = (byte) pick(0x00, 0xFF, 0x80, 0x7F, r.nextInt(256));
        }
        return b;
      }
      case 2 -> { // truncation
        return Arrays.copyOf(b, len == 0 ? 0 : r.nextInt(len));
      }
      case 3 -> { // removed range (a field or part of one)
        int end = Math.min(len, at + 1 + r.nextInt(16));
        return concat(Arrays.copyOfRange(b, 0, at), Arrays.copyOfRange(b, end, len));
      }
      case 4 -> { // duplicated range; a whole copy is a protobuf merge (every repeated field twice)
        if (r.nextBoolean()) {
          return concat(b, b);
        }
        int end = Math.min(len, at + 1 + r.nextInt(64));
        return concat(Arrays.copyOfRange(b, 0, end), Arrays.copyOfRange(b, at, len));
      }
      case 5 -> { // varint overflow: more than ten continuation bytes
        byte[] v = new byte[11 + r.nextInt(6)];
        Arrays.fill(v, (byte) 0xFF);
        return insert(b, r.nextBoolean() ? 0 : at, r.nextBoolean() ? concat(new byte[] {0x08}, v) : v);
      }
      case 6 -> { // wrong wire type on the first tag or a random byte (3, 4: groups; 6, 7: invalid)
        b = b.clone();
        int p = r.nextBoolean() || len == 0 ? 0 : at;
        if (len > 0) {
          b[p] = (byte) ((b[p] & ~0x07) | r.nextInt(8));
        }
        return b;
      }
      case 7 -> { // a length-delimited field claiming a huge length
        byte[] huge = {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        return insert(b, r.nextBoolean() ? 0 : at, huge);
      }
      case 8 -> { // random garbage inserted
        byte[] g = new byte[1 + r.nextInt(32)];
        r.nextBytes(g);
        return insert(b, at, g);
      }
      default -> { // an unknown field with a high number (must be skipped)
        byte[] unknown = {(byte) 0xF8, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0x01};
        return insert(b, 0, unknown);
      }
    }
  }

  // ---- JSON tokens ----

  /** Applies 1..3 token edits to an OTLP JSON text. */
  byte[] mutateJson(String json) {
    String s = json;
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      s = mutateJsonOnce(s);
    }
    if (r.nextInt(20) == 0) { // not UTF-8
      return concat(s.getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private String mutateJsonOnce(String s) {
    int len = s.length();
    int at = len == 0 ? 0 : r.nextInt(len);
    switch (r.nextInt(9)) {
      case 0 -> { // delete a character (a quote, brace, comma...)
        return len == 0 ? s : s.substring(0, at) + s.substring(at + 1);
      }
      case 1 -> { // insert a token
        return s.substring(0, at) + JSON_TOKENS[r.nextInt(JSON_TOKENS.length)] + s.substring(at);
      }
      case 2 -> { // truncate
        return s.substring(0, at);
      }
      case 3 -> { // a value replaced by another kind of value
        return replaceValue(s, JSON_TOKENS[r.nextInt(JSON_TOKENS.length)]);
      }
      case 4 -> { // a duplicated "key":value member
        int q = s.indexOf("\":", at);
        int start = q < 0 ? -1 : s.lastIndexOf('"', q - 1);
        int end = q < 0 ? -1 : s.indexOf(',', q);
        if (start < 0 || end < 0) {
          return s;
        }
        String member = s.substring(start, end + 1);
        return s.substring(0, start) + member + member + s.substring(start + member.length());
      }
      case 5 -> { // ids with bad hex, bad length, case changes
        return JSON_ID.matcher(s).replaceFirst("\"$1\":\"" + pickOf("", "zz", "0", "0123456789ABCDEF",
            "00000000000000000000000000000000", "0123456789abcdef0123456789abcde", "g".repeat(32), "==", "AAAAAAAAAAA=") + "\"");
      }
      case 6 -> { // numbers out of range
        return JSON_NUMBER.matcher(s).replaceFirst("\"$1\":" + pickOf("\"-1\"", "1e30",
                "\"18446744073709551616\"", "-9223372036854775808", "\"0x10\"", "1.5", "null", "\"\"", "[]"));
      }
      case 7 -> { // deep nesting
        int d = pick(50, 99, 101, 200, 2000);
        return s.substring(0, at) + "[".repeat(d) + "]".repeat(d) + s.substring(at);
      }
      default -> { // a string value replaced by markup, control characters or a huge string
        return replaceValue(s, "\"" + pickOf("<script>alert(1)</script>", "\\u0000", "\\ud800", "\\\"",
            "x".repeat(100_000), "\\n\\t") + "\"");
      }
    }
  }

  /** Replaces the value after a random {@code ":} with {@code token}. */
  private String replaceValue(String s, String token) {
    int q = s.indexOf("\":", s.isEmpty() ? 0 : r.nextInt(s.length()));
    if (q < 0) {
      return s;
    }
    int start = q + 2;
    int end = start;
    if (end < s.length() && s.charAt(end) == '"') {
      end = s.indexOf('"', end + 1) + 1;
      if (end == 0) {
        return s;
      }
    } else {
      while (end < s.length() && ",}]".indexOf(s.charAt(end)) < 0) {
        end++;
      }
    }
    return s.substring(0, start) + token + s.substring(end);
  }

  // ---- gzip ----

  static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 32);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A broken gzip stream: a damaged header, body or trailer (CRC, length), or cut short. */
  byte[] breakGzip(byte[] gz) {
    byte[] b = gz.clone();
    switch (r.nextInt(4)) {
      case 0 -> b[r.nextInt(Math.min(10, b.length))] ^= (byte) 0xFF;
      case 1 -> b[b.length - 1 - r.nextInt(Math.min(8, b.length))] ^= 0x5A;
      case 2 -> {
        return Arrays.copyOf(b, r.nextInt(b.length));
      }
      default -> b[10 + r.nextInt(Math.max(1, b.length - 18))] ^= (byte) (1 << r.nextInt(8));
    }
    return b;
  }

  // ---- helpers ----

  @SafeVarargs
  final <T> T pickOf(T... options) {
    return options[r.nextInt(options.length)];
  }

  int pick(int... options) {
    return options[r.nextInt(options.length)];
  }

  private static byte[] insert(byte[] b, int at, byte[] what) {
    return concat(concat(Arrays.copyOfRange(b, 0, at), what), Arrays.copyOfRange(b, at, b.length));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
