package io.pinscope.query;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The JSON answers of the query and alarm APIs, written into a pooled buffer that Armeria releases once sent.
 * Not {@code writeValueAsBytes}: its builder hands the last block of every answer (up to 128 KiB) to a per-thread
 * recycler, where it waits for that thread's next answer, outlives young collections and fills the old
 * generation; under ingest that meant a full collection (50–100 ms, in every query's way) every ~25 s.
 */
public final class JsonAnswers {
  /** The buffer an answer starts in; it grows as written. */
  private static final int INITIAL_BYTES = 8 * 1024;

  private JsonAnswers() {}

  /** {@code body} as JSON with {@code status}; a body Jackson cannot write is an {@link IllegalStateException}. */
  public static HttpResponse of(HttpStatus status, Object body) {
    ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(INITIAL_BYTES);
    try (OutputStream out = new ByteBufOutputStream(buf)) {
      Mapper.INSTANCE.writeValue(out, body);
    } catch (IOException | RuntimeException e) {
      buf.release();
      throw new IllegalStateException("cannot write JSON", e);
    }
    return HttpResponse.of(ResponseHeaders.of(status, HttpHeaderNames.CONTENT_TYPE, MediaType.JSON_UTF_8),
        HttpData.wrap(buf));
  }

  /** Created on first use, so that the server's start does not pay for Jackson's set-up. */
  private static final class Mapper {
    // The fast double writer (Schubfach): inspector answers hold thousands of doubles, and the JDK's
    // Double.toString was a tenth of their cost. Values read back the same.
    static final ObjectMapper INSTANCE = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
        .build();
  }
}
