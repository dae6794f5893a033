package io.pinscope.servermap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CanonicalStringsTest {
  private static String fresh(String s) {
    return new String(s.toCharArray());
  }

  @Test
  void equalTexts_getTheFirstInstance_otherTextsTheirOwn() {
    CanonicalStrings names = new CanonicalStrings(16);
    String first = fresh("db.example:5432");
    assertThat(names.apply(first)).isSameAs(first);
    assertThat(names.apply(fresh("db.example:5432"))).isSameAs(first);
    String other = fresh("cache:6379");
    assertThat(names.apply(other)).isSameAs(other);
  }

  @Test
  void aTextTakingTheSameEntry_replacesIt_theResultAlwaysEqualsTheArgument() {
    CanonicalStrings names = new CanonicalStrings(16);
    // "Aa" and "BB" have the same hash code, so they take the same entry.
    String aa = fresh("Aa");
    String bb = fresh("BB");
    assertThat(names.apply(aa)).isSameAs(aa);
    assertThat(names.apply(bb)).isSameAs(bb);
    assertThat(names.apply(fresh("Aa"))).isEqualTo("Aa").isNotSameAs(aa);
    assertThat(names.apply(fresh("BB"))).isEqualTo("BB");
  }

  @Test
  void longTexts_areNotKept() {
    CanonicalStrings names = new CanonicalStrings(16);
    String longText = "x".repeat(CanonicalStrings.MAX_LENGTH + 1);
    assertThat(names.apply(longText)).isSameAs(longText);
    String again = fresh(longText);
    assertThat(names.apply(again)).isSameAs(again);
    String limit = "y".repeat(CanonicalStrings.MAX_LENGTH);
    names.apply(limit);
    assertThat(names.apply(fresh(limit))).isSameAs(limit);
  }

  @Test
  void capacity_isValidated() {
    assertThatThrownBy(() -> new CanonicalStrings(100)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity: 100 (expected: a power of two in 16..65536)");
    assertThatThrownBy(() -> new CanonicalStrings(8)).hasMessageContaining("capacity: 8 ");
    assertThatThrownBy(() -> new CanonicalStrings(131_072)).hasMessageContaining("capacity: 131072 ");
  }
}
