package io.pinscope.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import io.pinscope.model.SpanIds;
import io.pinscope.model.SpanKind;
import io.pinscope.model.TraceId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The official OTLP JSON example trace (opentelemetry-proto {@code examples/trace.json}: upper-case hex
 * ids, 64-bit integers as strings), posted with curl, is stored exactly.
 */
class OtlpJsonExampleTest {
  private static final TraceId TRACE = TraceId.fromHex("5b8efff798038103d269b633813fc60c");

  @Test
  void officialExample_postedWithCurl_isStored() throws Exception {
    Path example = Path.of(getClass().getResource("/otlp/trace.json").toURI());
    try (ReceiverHarness harness = ReceiverHarness.memory(ReceiverHarness.config().build())) {
      Process curl = new ProcessBuilder("curl", "-sS", "-X", "POST", "-H", "Content-Type: application/json",
          "--data-binary", "@" + example, "-w", "\n%{http_code}", harness.endpoint() + "/v1/traces")
          .redirectErrorStream(true).start();
      assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(curl.exitValue()).as(out).isZero();
      assertThat(out.lines()).containsExactly("{}", "200");

      assertExampleStored(harness);
    }
  }

  @Test
  void sameExample_lowerCaseIdsAndNumericInt64_isStoredTheSame() throws Exception {
    String json = Files.readString(Path.of(getClass().getResource("/otlp/trace.json").toURI()))
        .replace("5B8EFFF798038103D269B633813FC60C", "5b8efff798038103d269b633813fc60c")
        .replace("\"1544712660000000000\"", "1544712660000000000")
        .replace("\"1544712661000000000\"", "1544712661000000000")
        .replace("\"kind\": 2,", "\"kind\": 2, \"unknownField\": {\"x\": [1, 2]},");
    try (ReceiverHarness harness = ReceiverHarness.memory(ReceiverHarness.config().build())) {
      AggregatedHttpResponse r = WebClient.of(harness.endpoint())
          .prepare().post("/v1/traces").content(MediaType.JSON, json).execute().aggregate().join();
      assertThat(r.status().code()).isEqualTo(200);
      assertThat(r.contentType().isJson()).isTrue();
      assertExampleStored(harness);
    }
  }

  private static void assertExampleStored(ReceiverHarness harness) {
    assertThat(harness.storage().traces().find(TRACE).spans()).singleElement().satisfies(s -> {
      assertThat(s.spanId()).isEqualTo(SpanIds.fromHex("eee19b7ec3c1b174"));
      assertThat(s.parentSpanId()).isEqualTo(SpanIds.fromHex("eee19b7ec3c1b173"));
      assertThat(s.name()).isEqualTo("I'm a server span");
      assertThat(s.kind()).isEqualTo(SpanKind.SERVER);
      assertThat(s.startEpochNanos()).isEqualTo(1544712660000000000L);
      assertThat(s.endEpochNanos()).isEqualTo(1544712661000000000L);
      assertThat(s.attributes().text("my.span.attr")).isEqualTo("some value");
      assertThat(s.scope().name()).isEqualTo("my.library");
      assertThat(s.scope().version()).isEqualTo("1.0.0");
      assertThat(s.scope().attributes().text("my.scope.attribute")).isEqualTo("some scope attribute");
      assertThat(s.applicationName()).isEqualTo("my.service");
    });
  }
}
