package io.pinscope.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValueLogTest {
  private static final String FAMILY = "traces.s.bytes";
  @TempDir Path dir;
  private final Random random = new Random(11);

  @Test
  void append_thenRead_givesEachValueBack_withOrWithoutTheRecordCache() throws IOException {
    try (ValueLog log = new ValueLog(dir, FAMILY, ValueLog.Codec.LZ4, false)) {
      List<byte[]> first = values(50);
      List<byte[]> second = values(7);
      byte[][] p1 = log.append(first);
      byte[][] p2 = log.append(second);

      ValueLog.RecordCache shared = new ValueLog.RecordCache();
      for (int i = 0; i < p1.length; i++) {
        assertThat(ValueLog.isPointer(p1[i])).isTrue();
        assertThat(log.read(p1[i], shared)).isEqualTo(first.get(i));
        assertThat(log.read(p1[i], new ValueLog.RecordCache())).isEqualTo(first.get(i));
      }
      for (int i = 0; i < p2.length; i++) {
        assertThat(log.read(p2[i], shared)).isEqualTo(second.get(i));
      }
      assertThat(log.read(p1[3], shared)).as("back to the first record").isEqualTo(first.get(3));
      assertThat(segments()).hasSize(1);
      assertThat(log.diskBytes()).isEqualTo(Files.size(segments().get(0)))
          .isLessThan(total(first) + total(second)); // compressed (the values repeat a little)
    }
  }

  @Test
  void reopen_appendsToANewSegment_andReadsTheOldOnes() throws IOException {
    List<byte[]> before = values(10);
    byte[][] p1;
    try (ValueLog log = new ValueLog(dir, FAMILY, ValueLog.Codec.LZ4, false)) {
      p1 = log.append(before);
    }
    try (ValueLog log = new ValueLog(dir, FAMILY, ValueLog.Codec.ZSTD, true)) {
      List<byte[]> after = values(10);
      byte[][] p2 = log.append(after);
      assertThat(segments()).extracting(p -> p.getFileName().toString())
          .containsExactly(FAMILY + "-0000000001.vlog", FAMILY + "-0000000002.vlog");
      assertThat(log.read(p1[9], new ValueLog.RecordCache())).isEqualTo(before.get(9));
      assertThat(log.read(p2[0], new ValueLog.RecordCache())).isEqualTo(after.get(0));
    }
  }

  @Test
  void segments_rollAtTheirSize_andOtherFamiliesFilesAreLeftAlone() throws IOException {
    Files.write(dir.resolve("scatter.d.bytes-0000000009.vlog"), new byte[] {1, 2, 3});
    try (ValueLog log = new ValueLog(dir, FAMILY, ValueLog.Codec.LZ4, false, 1000)) {
      List<byte[][]> pointers = new ArrayList<>();
      List<List<byte[]>> written = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        List<byte[]> v = incompressible(3, 600);
        written.add(v);
        pointers.add(log.append(v));
      }
      assertThat(segments()).hasSize(5); // each record is over 1,000 bytes
      for (int i = 0; i < 5; i++) {
        assertThat(log.read(pointers.get(i)[2], new ValueLog.RecordCache())).isEqualTo(written.get(i).get(2));
      }
    }
    assertThat(dir.resolve("scatter.d.bytes-0000000009.vlog")).exists();
  }

  @Test
  void damagedRecord_readsAsAbsent_andItsNeighboursStillRead() throws IOException {
    try (ValueLog log = new ValueLog(dir, FAMILY, ValueLog.Codec.LZ4, false)) {
      List<byte[]> a = values(5);
      byte[][] pa = log.append(a);
      List<byte[]> b = values(5);
      byte[][] pb = log.append(b);
      Path segment = segments().get(0);
      byte[] bytes = Files.readAllBytes(segment);
      bytes[20] ^= 0x40; // inside the first record's payload
      Files.write(segment, bytes);

      assertThat(log.read(pa[0], new ValueLog.RecordCache())).isNull();
      assertThat(log.read(pb[4], new ValueLog.RecordCache())).isEqualTo(b.get(4));
    }
  }

  @Test
  void deleteWrittenBefore_deletesOnlySegmentsLastWrittenBeforeTheCutoff() throws IOException {
    byte[][] old;
    try (ValueLog log = new ValueLog(dir, FAMILY, ValueLog.Codec.LZ4, false)) {
      old = log.append(values(3));
    }
    Files.setLastModifiedTime(segments().get(0), FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    try (ValueLog log = new ValueLog(dir, FAMILY, ValueLog.Codec.LZ4, false)) {
      List<byte[]> fresh = values(3);
      byte[][] p = log.append(fresh);

      assertThat(log.deleteWrittenBefore(Instant.parse("2026-06-01T00:00:00Z"))).isEqualTo(1);
      assertThat(segments()).hasSize(1);
      assertThat(log.read(old[0], new ValueLog.RecordCache())).as("expired").isNull();
      assertThat(log.read(p[1], new ValueLog.RecordCache())).isEqualTo(fresh.get(1));

      // An idle active segment goes too; the next append opens a new one.
      assertThat(log.deleteWrittenBefore(Instant.now().plusSeconds(60))).isEqualTo(1);
      assertThat(segments()).isEmpty();
      List<byte[]> later = values(2);
      byte[][] pl = log.append(later);
      assertThat(log.read(pl[1], new ValueLog.RecordCache())).isEqualTo(later.get(1));
    }
  }

  @Test
  void linkInto_copiesTheWrittenSegments_andLaterAppendsStayOut() throws IOException {
    Path target = Files.createDirectory(dir.resolve("backup"));
    try (ValueLog log = new ValueLog(dir, FAMILY, ValueLog.Codec.LZ4, false)) {
      List<byte[]> before = values(4);
      byte[][] p = log.append(before);
      log.linkInto(target);
      log.append(values(4));
      long linked = Files.size(target.resolve(FAMILY + "-0000000001.vlog"));

      assertThat(segments()).hasSize(2);
      try (Stream<Path> files = Files.list(target)) {
        assertThat(files).hasSize(1);
      }
      assertThat(Files.size(target.resolve(FAMILY + "-0000000001.vlog"))).isEqualTo(linked);
      try (ValueLog copy = new ValueLog(target, FAMILY, ValueLog.Codec.NONE, false)) {
        assertThat(copy.read(p[3], new ValueLog.RecordCache())).isEqualTo(before.get(3));
      }
    }
  }

  @Test
  void everyCodec_readsBack_andRecordsOfAnotherCodecStillRead() throws IOException {
    List<byte[]> written = new ArrayList<>();
    List<byte[]> pointers = new ArrayList<>();
    for (ValueLog.Codec codec : ValueLog.Codec.values()) {
      try (ValueLog log = new ValueLog(dir, FAMILY, codec, false)) {
        List<byte[]> v = values(20);
        written.addAll(v);
        pointers.addAll(List.of(log.append(v)));
      }
    }
    try (ValueLog log = new ValueLog(dir, FAMILY, ValueLog.Codec.LZ4, false)) {
      ValueLog.RecordCache cache = new ValueLog.RecordCache();
      for (int i = 0; i < written.size(); i++) {
        assertThat(log.read(pointers.get(i), cache)).isEqualTo(written.get(i));
      }
    }
    assertThat(segments()).hasSize(3);
    // Segments 1, 2, 3: none, LZ4, ZSTD (four-letter text: LZ4 finds some repeats, ZSTD's entropy coding more).
    assertThat(Files.size(segments().get(2))).as("zstd").isLessThan(Files.size(segments().get(1)));
    assertThat(Files.size(segments().get(1))).as("lz4").isLessThan(Files.size(segments().get(0)));
  }

  @Test
  void inlineValues_areMarked_andOlderUnmarkedValuesReadAsTheyAre() {
    byte[] value = {(byte) 0xFE, 1, 2};
    byte[] stored = ValueLog.inline(value);
    assertThat(ValueLog.isPointer(stored)).isFalse();
    assertThat(ValueLog.unwrapInline(stored)).isEqualTo(value);
    byte[] legacy = {2, 9, 9}; // a span value written before the value log (format version 2)
    assertThat(ValueLog.isPointer(legacy)).isFalse();
    assertThat(ValueLog.unwrapInline(legacy)).isSameAs(legacy);
    assertThat(ValueLog.unwrapInline(ValueLog.inline(new byte[0]))).isEmpty();
  }

  /** Values of 0 to 2,000 bytes from a small alphabet (so that they compress), one empty. */
  private List<byte[]> values(int n) {
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] v = new byte[i == 1 ? 0 : random.nextInt(2000)];
      for (int j = 0; j < v.length; j++) {
        v[j] = (byte) ('a' + random.nextInt(4));
      }
      values.add(v);
    }
    return values;
  }

  private List<byte[]> incompressible(int n, int size) {
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] v = new byte[size];
      random.nextBytes(v);
      values.add(v);
    }
    return values;
  }

  private static long total(List<byte[]> values) {
    return values.stream().mapToLong(v -> v.length).sum();
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith(FAMILY)).sorted().toList();
    }
  }
}
