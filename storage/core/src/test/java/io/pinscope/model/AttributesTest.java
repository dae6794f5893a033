package io.pinscope.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.model.Attributes.Attribute;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributesTest {
  @Test
  void get_findsTheFirstEntryOfAKey_alsoAmongKeysOfEqualHash() {
    // "Aa" and "BB" have the same hash code: the look-up must compare the keys, not only their hashes.
    Attributes a = Attributes.of("Aa", "1", "BB", "2", "x", 3L, "BB", "4");
    assertThat(a.text("Aa")).isEqualTo("1");
    assertThat(a.text(new String("BB".toCharArray()))).isEqualTo("2");
    assertThat(a.longValue("x")).isEqualTo(3L);
    assertThat(a.get("C#")).isNull(); // the same hash again, but absent
    assertThat(a.get("y")).isNull();
    assertThat(Attributes.empty().get("x")).isNull();
  }

  @Test
  void entries_areAnImmutableCopy_equalToAnyListOfTheSameEntries() {
    List<Attribute> source = new ArrayList<>(List.of(new Attribute("k", AttributeValue.of("v")),
        new Attribute("n", AttributeValue.of(1L))));
    Attributes a = new Attributes(source);
    source.clear();
    assertThat(a.entries()).hasSize(2).isEqualTo(List.of(new Attribute("k", AttributeValue.of("v")),
        new Attribute("n", AttributeValue.of(1L))));
    assertThat(a).isEqualTo(Attributes.of("k", "v", "n", 1L)).hasSameHashCodeAs(Attributes.of("k", "v", "n", 1L));
    assertThat(a.entries().hashCode()).isEqualTo(List.copyOf(a.entries()).hashCode());
    assertThat(new Attributes(a.entries()).entries()).isSameAs(a.entries());
    assertThatThrownBy(() -> a.entries().add(new Attribute("x", AttributeValue.of("y"))))
        .isInstanceOf(UnsupportedOperationException.class);
    List<Attribute> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> new Attributes(withNull)).isInstanceOf(NullPointerException.class);
  }
}
