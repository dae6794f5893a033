package io.pinscope.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BinaryWriterTest {
  /** ASCII and not (found first or last), lengths of one varint byte and of two. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 63, 127, 128, 129, 300})
  void stringsAreTheirUtf8LengthThenBytes_asciiOrNot(int chars) {
    String ascii = "r".repeat(chars);
    String mixed = chars == 0 ? "" : "é" + "r".repeat(chars - 1); // non-ASCII first: the loop's early exit
    String late = chars == 0 ? "" : "r".repeat(chars - 1) + "✓"; // non-ASCII last: the loop's late exit
    for (String s : new String[] {ascii, mixed, late}) {
      BinaryWriter w = new BinaryWriter(16).writeByte(7).writeString(s).writeByte(9);
      assertThat(w.toByteArray()).as("%d chars: %s", chars, s).containsExactly(expected(s));
      BinaryReader r = new BinaryReader(w.toByteArray());
      r.readByte();
      assertThat(r.readString()).isEqualTo(s);
    }
  }

  /** A byte before and after, the UTF-8 length as an unsigned LEB128 varint, the UTF-8 bytes. */
  private static byte[] expected(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(7);
    int n = utf8.length;
    while (n >= 0x80) {
      out.write((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    out.write(n);
    out.writeBytes(utf8);
    out.write(9);
    return out.toByteArray();
  }
}
