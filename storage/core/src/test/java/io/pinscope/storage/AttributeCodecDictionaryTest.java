package io.pinscope.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.model.Attributes;
import org.junit.jupiter.api.Test;

class AttributeCodecDictionaryTest {
  @Test
  void findsDictionaryKeysByValueAndAgainByTheSameInstance() {
    // A key built at run time is another instance than the dictionary's literal: found by equals, then by identity.
    String key = new String("db.statement".toCharArray());
    int first = AttributeCodec.dictionaryIndex(key);
    assertThat(first).isEqualTo(AttributeCodec.dictionaryIndex("db.statement")).isNotNegative();
    assertThat(AttributeCodec.dictionaryIndex(key)).isEqualTo(first);
    assertThat(AttributeCodec.dictionaryIndex("http.method")).isZero();
    assertThat(AttributeCodec.dictionaryIndex("db.response.status_code")).isEqualTo(75);
  }

  @Test
  void keysOutsideTheDictionaryAreNotFound() {
    assertThat(AttributeCodec.dictionaryIndex("app.tenant")).isEqualTo(-1);
    assertThat(AttributeCodec.dictionaryIndex("")).isEqualTo(-1);
  }

  @Test
  void nonAsciiStringsAndKeysRoundTripAsUtf8() {
    Attributes attributes = Attributes.of("clé", "värde ✓", "http.method", "GET", "ascii", "plain");
    BinaryWriter w = new BinaryWriter(16);
    AttributeCodec.write(w, attributes);
    assertThat(AttributeCodec.read(new BinaryReader(w.toByteArray()))).isEqualTo(attributes);
    BinaryWriter one = new BinaryWriter(16).writeString("é");
    assertThat(one.toByteArray()).containsExactly(2, 0xC3 - 256, 0xA9 - 256);
  }
}
