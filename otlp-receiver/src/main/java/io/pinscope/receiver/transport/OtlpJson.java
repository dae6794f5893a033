package io.pinscope.receiver.transport;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * OTLP/JSON: proto3 JSON with OTLP's deviations — ids are hex (any case) rather than base64, enums may be
 * integers, 64-bit integers may be strings or numbers, unknown fields are ignored.
 *
 * <p>{@link JsonFormat} reads the hex ids as base64, which yields 12 bytes for a span id and 24 for a
 * trace id (hex digits are valid base64). Those lengths identify hex input: re-encoding the bytes as
 * base64 gives back the hex text, which is then decoded properly. Ids that were sent as real base64 (8 or
 * 16 bytes) are kept.
 */
final class OtlpJson {
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  // The type registry lets the printer write the RetryInfo detail of a 503's google.rpc.Status (without it,
  // printing that body throws and the client gets a 500).
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace()
      .usingTypeRegistry(JsonFormat.TypeRegistry.newBuilder().add(com.google.rpc.RetryInfo.getDescriptor()).build());

  /** {@code com.google.gson.stream.MalformedJsonException: } and the like, as parsers prefix their causes. */
  private static final Pattern QUALIFIED_EXCEPTION =
      Pattern.compile("\\b(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*");
  private static final Pattern QUALIFIED_CLASS =
      Pattern.compile("\\b(?:com|java|javax|jdk|sun|org)\\.(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*");
  private static final Pattern LENIENT_ADVICE =
      Pattern.compile("Use JsonReader\\.set\\w+\\([^)]*\\) to accept malformed JSON");
  private static final Pattern SEE_LINK = Pattern.compile("\\s*See https?://\\S+");

  private OtlpJson() {}

  static <B extends Message.Builder> B merge(byte[] json, B builder) {
    if (json.length == 0) {
      throw new BadRequestException(400, "empty JSON body (expected: an OTLP JSON export request)");
    }
    try {
      PARSER.merge(new String(json, java.nio.charset.StandardCharsets.UTF_8), builder);
      return builder;
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new BadRequestException(400, "invalid OTLP JSON: " + describe(e), e);
    }
  }

  /**
   * The parser's complaint in words for clients: what is wrong and where (line, column, JSON path) without
   * the JSON library's class names, advice about its API or links to its documentation.
   */
  static String describe(Throwable e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    m = QUALIFIED_EXCEPTION.matcher(m).replaceAll("");
    m = LENIENT_ADVICE.matcher(m).replaceAll("malformed JSON");
    m = SEE_LINK.matcher(m).replaceAll("");
    m = QUALIFIED_CLASS.matcher(m).replaceAll("value");
    m = m.replaceAll("\\s+", " ").trim();
    return m.isEmpty() ? "malformed JSON (expected: an OTLP JSON export request)" : m;
  }

  static ExportTraceServiceRequest traces(byte[] json) {
    ExportTraceServiceRequest.Builder b = merge(json, ExportTraceServiceRequest.newBuilder());
    for (ResourceSpans.Builder rs : b.getResourceSpansBuilderList()) {
      for (ScopeSpans.Builder ss : rs.getScopeSpansBuilderList()) {
        for (Span.Builder s : ss.getSpansBuilderList()) {
          s.setTraceId(fixId(s.getTraceId(), 16)).setSpanId(fixId(s.getSpanId(), 8))
              .setParentSpanId(fixId(s.getParentSpanId(), 8));
          for (Span.Link.Builder l : s.getLinksBuilderList()) {
            l.setTraceId(fixId(l.getTraceId(), 16)).setSpanId(fixId(l.getSpanId(), 8));
          }
        }
      }
    }
    return b.build();
  }

  static ExportLogsServiceRequest logs(byte[] json) {
    ExportLogsServiceRequest.Builder b = merge(json, ExportLogsServiceRequest.newBuilder());
    for (ResourceLogs.Builder rl : b.getResourceLogsBuilderList()) {
      for (ScopeLogs.Builder sl : rl.getScopeLogsBuilderList()) {
        for (LogRecord.Builder r : sl.getLogRecordsBuilderList()) {
          r.setTraceId(fixId(r.getTraceId(), 16)).setSpanId(fixId(r.getSpanId(), 8));
        }
      }
    }
    return b.build();
  }

  static String print(Message message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName(), e);
    }
  }

  /** Hex ids of {@code idBytes} bytes decode to {@code idBytes * 3 / 2} bytes as base64: undo that. */
  private static ByteString fixId(ByteString misread, int idBytes) {
    if (misread.size() != idBytes * 3 / 2) {
      return misread;
    }
    String hex = Base64.getEncoder().encodeToString(misread.toByteArray());
    try {
      return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(400, "invalid id: " + hex + " (expected: " + idBytes * 2 + " hex digits)", e);
    }
  }
}
