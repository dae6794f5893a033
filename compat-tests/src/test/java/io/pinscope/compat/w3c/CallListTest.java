package io.pinscope.compat.w3c;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.compat.w3c.CallList.Call;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallListTest {
  @Test
  void parse_keepsArgumentsAsTheirJsonText() {
    String body = "[{\"url\": \"http://127.0.0.1:7777/a.0\", \"arguments\": [\n  {\"url\": \"http://x/\\u0062\","
        + " \"arguments\": []}]},\n {\"arguments\": [], \"url\": \"http://127.0.0.1:7777/a.1\", \"n\": -1.5e3}]";

    assertThat(CallList.parse(body)).containsExactly(
        new Call("http://127.0.0.1:7777/a.0", "[\n  {\"url\": \"http://x/\\u0062\", \"arguments\": []}]"),
        new Call("http://127.0.0.1:7777/a.1", "[]"));
  }

  @Test
  void parse_emptyListAndMissingArguments() {
    assertThat(CallList.parse(" [ ] ")).isEmpty();
    assertThat(CallList.parse("[{\"url\":\"http://h/\\\"q\\\"\"}]"))
        .isEqualTo(List.of(new Call("http://h/\"q\"", "[]")));
  }

  @Test
  void parse_rejectsWhatIsNotACallList() {
    assertThatThrownBy(() -> CallList.parse("{\"url\": \"http://h/\"}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset 0").hasMessageContaining("'['");
    assertThatThrownBy(() -> CallList.parse("[{\"arguments\": []}]")).hasMessageContaining("\"url\"");
    assertThatThrownBy(() -> CallList.parse("[{\"url\": \"http://h/\"}] x")).hasMessageContaining("end of input");
    assertThatThrownBy(() -> CallList.parse("[{\"url\": \"http://h/")).hasMessageContaining("found the end");
  }
}
