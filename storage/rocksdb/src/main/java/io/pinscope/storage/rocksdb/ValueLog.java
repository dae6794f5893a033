package io.pinscope.storage.rocksdb;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The values of one large-values column family ({@link io.pinscope.storage.spi.FamilySpec#largeValues()}), kept
 * apart from RocksDB's tree so that they are written once instead of through its write-ahead log, memtable, flush
 * and compactions. The family's cells hold a pointer ({@link #isPointer}) to them.
 *
 * <p><b>Segments.</b> Files {@code <family>-<id>.vlog} beside RocksDB's own, ids increasing; each {@link #append}
 * adds one record to the newest: a 13-byte header (codec, compressed length, raw length, CRC32C of the header's
 * first nine bytes and the payload; big-endian) and the values of one write concatenated and compressed with the
 * log's {@link Codec} (each record names its own, so segments written under another setting still read). A segment is rolled at
 * {@link #SEGMENT_BYTES} and at every open and checkpoint; written segments never change, and one is deleted
 * whole once its last write is older than the family's TTL ({@link #deleteWrittenBefore}).
 *
 * <p><b>Order and durability.</b> The store appends the values before it writes the batch holding their pointers,
 * so every pointer RocksDB has refers to bytes already written; bytes whose batch then failed are never referred
 * to. Appends are as durable as RocksDB's log: in the page cache on return, or fsynced with {@code sync}.
 *
 * <p><b>Reads.</b> A pointer into a deleted segment reads as absent (its cell has expired, or is about to); a
 * record whose checksum or lengths are wrong too, with a warning naming the file. Thread-safe.
 */
final class ValueLog implements Closeable {
  /** First byte of a stored value that points into the log. */
  static final byte POINTER = (byte) 0xFE;
  /** First byte of a stored value kept inline in a large-values family (the log switched off). */
  static final byte INLINE = (byte) 0xFF;
  /** A segment is rolled once it has this many bytes. */
  static final long SEGMENT_BYTES = 128L << 20;
  private static final int HEADER_BYTES = 13;
  private static final int CHECKED_HEADER_BYTES = 9;
  /** Bounds a record's lengths must keep (a write batch of the server is well under a megabyte). */
  private static final int MAX_RECORD_BYTES = 1 << 30;
  private static final String SUFFIX = ".vlog";
  private static final Logger logger = LoggerFactory.getLogger(ValueLog.class);
  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private final Path directory;
  private final String prefix;
  private final boolean sync;
  private final long segmentBytes;
  private final Codec codec;
  private final Object appendLock = new Object();
  /** The segment appended to, or null until the next append opens a new one. Guarded by appendLock. */
  private @Nullable FileChannel active;
  private long activeId;
  private long activeSize;
  private boolean closed;

  /** How a record's payload is compressed; its id is the header's first byte (stored: never renumber). */
  enum Codec {
    NONE(0),
    LZ4(1),
    ZSTD(2);

    final int id;

    Codec(int id) {
      this.id = id;
    }

    /**
     * The codec for a {@code rocksdb.compression}: records are compressed on the ingest path, where RocksDB's
     * bottommost ZSTD of {@code lz4-zstd} runs in background compactions, so only {@code zstd} (smallest, most
     * CPU) gets ZSTD here; {@code lz4-zstd} keeps LZ4 for span values (BENCHMARKS.md, issue 14 round 11).
     */
    static Codec of(RocksDbSettings.Compression compression) {
      return switch (compression) {
        case LZ4, LZ4_ZSTD -> LZ4;
        case ZSTD -> ZSTD;
        case NONE -> NONE;
      };
    }

    static @Nullable Codec byId(int id) {
      for (Codec c : values()) {
        if (c.id == id) {
          return c;
        }
      }
      return null;
    }
  }

  /** Per-thread scratch arrays and compressors: an append concatenates and compresses without allocating. */
  private static final class Buffers {
    byte[] raw = new byte[64 << 10];
    byte[] record = new byte[64 << 10];
    final Compressor lz4 = new Lz4Compressor();
    final Compressor zstd = new ZstdCompressor();

    /** Compresses raw[0, length) into record after the header; returns the payload's length. */
    int compress(Codec codec, int length) {
      int max = HEADER_BYTES + switch (codec) {
        case NONE -> length;
        case LZ4 -> lz4.maxCompressedLength(length);
        case ZSTD -> zstd.maxCompressedLength(length);
      };
      if (record.length < max) {
        record = new byte[Math.max(max, record.length * 2)];
      }
      return switch (codec) {
        case NONE -> {
          System.arraycopy(raw, 0, record, HEADER_BYTES, length);
          yield length;
        }
        case LZ4 -> lz4.compress(raw, 0, length, record, HEADER_BYTES, max - HEADER_BYTES);
        case ZSTD -> zstd.compress(raw, 0, length, record, HEADER_BYTES, max - HEADER_BYTES);
      };
    }
  }

  /** The last record a read decompressed: the values of one trace are mostly in one record. Not thread-safe. */
  static final class RecordCache {
    private long segment = -1;
    private long offset = -1;
    private byte[] raw = new byte[0];
  }

  /**
   * Opens the log of the family named {@code family} (its RocksDB column family name) in {@code directory};
   * appends go to a new segment after every existing one.
   */
  ValueLog(Path directory, String family, Codec codec, boolean sync) throws IOException {
    this(directory, family, codec, sync, SEGMENT_BYTES);
  }

  /** As above, segments rolled at {@code segmentBytes} (for tests). */
  ValueLog(Path directory, String family, Codec codec, boolean sync, long segmentBytes) throws IOException {
    this.directory = directory;
    this.prefix = family + "-";
    this.codec = codec;
    this.sync = sync;
    this.segmentBytes = segmentBytes;
    long last = 0;
    for (long id : segmentIds()) {
      last = Math.max(last, id);
    }
    this.activeId = last; // the next append opens last + 1
  }

  /** Whether {@code stored}, a value read from the family, is a pointer into the log. */
  static boolean isPointer(byte[] stored) {
    return stored.length > 0 && stored[0] == POINTER;
  }

  /** {@code value} as stored inline in a large-values family (when the log is switched off). */
  static byte[] inline(byte[] value) {
    byte[] stored = new byte[value.length + 1];
    stored[0] = INLINE;
    System.arraycopy(value, 0, stored, 1, value.length);
    return stored;
  }

  /**
   * The value a large-values family's stored bytes hold: an inline value's bytes, or a value written before the
   * log existed as it is (Pinscope's span formats never start with the two marker bytes). Not for pointers.
   */
  static byte[] unwrapInline(byte[] stored) {
    if (stored.length > 0 && stored[0] == INLINE) {
      byte[] value = new byte[stored.length - 1];
      System.arraycopy(stored, 1, value, 0, value.length);
      return value;
    }
    return stored;
  }

  /**
   * Appends {@code values} as one record and returns a pointer to each, in order.
   *
   * @throws IOException when the segment cannot be written (a full disk among others); nothing refers to the
   *     bytes of a failed append
   */
  byte[][] append(List<byte[]> values) throws IOException {
    Buffers b = BUFFERS.get();
    int rawLength = 0;
    for (byte[] v : values) {
      rawLength += v.length;
    }
    if (rawLength > MAX_RECORD_BYTES) {
      throw new IllegalArgumentException("values of one write: " + rawLength + " bytes (expected: at most "
          + MAX_RECORD_BYTES + ")");
    }
    if (b.raw.length < rawLength) {
      b.raw = new byte[Math.max(rawLength, b.raw.length * 2)];
    }
    int[] starts = new int[values.size()];
    int at = 0;
    for (int i = 0; i < values.size(); i++) {
      byte[] v = values.get(i);
      starts[i] = at;
      System.arraycopy(v, 0, b.raw, at, v.length);
      at += v.length;
    }
    int compressed = b.compress(codec, rawLength);
    ByteBuffer header = ByteBuffer.wrap(b.record, 0, HEADER_BYTES);
    header.put((byte) codec.id).putInt(compressed).putInt(rawLength);
    header.putInt(checksum(b.record, compressed));
    int recordLength = HEADER_BYTES + compressed;

    long segment;
    long offset;
    synchronized (appendLock) {
      if (closed) {
        throw new ClosedChannelException();
      }
      if (active == null || activeSize >= segmentBytes) {
        roll();
        // Truncated if there: only a failed earlier attempt of this process can have left it, unreferred to.
        active = FileChannel.open(segmentPath(activeId + 1), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        activeId++;
        activeSize = 0;
      }
      ByteBuffer out = ByteBuffer.wrap(b.record, 0, recordLength);
      // Positional writes: a failed, partial record is overwritten by the next one, never referred to.
      while (out.hasRemaining()) {
        active.write(out, activeSize + out.position());
      }
      if (sync) {
        active.force(false);
      }
      segment = activeId;
      offset = activeSize;
      activeSize += recordLength;
    }
    byte[][] pointers = new byte[values.size()][];
    for (int i = 0; i < pointers.length; i++) {
      pointers[i] = pointer(segment, offset, starts[i], values.get(i).length);
    }
    return pointers;
  }

  /**
   * The value {@code pointer} refers to, or null when its segment is gone (expired) or its record is damaged
   * (logged). {@code cache} keeps the last record decompressed, for the next read of the same caller.
   */
  byte @Nullable [] read(byte[] pointer, RecordCache cache) {
    PointerReader p = new PointerReader(pointer);
    long segment = p.next();
    long offset = p.next();
    long start = p.next();
    long length = p.next();
    if (cache.segment != segment || cache.offset != offset) {
      byte[] raw = readRecord(segment, offset);
      if (raw == null) {
        return null;
      }
      cache.segment = segment;
      cache.offset = offset;
      cache.raw = raw;
    }
    if (start + length > cache.raw.length) {
      logger.warn("value log {}: a pointer reaches past its record ({} + {} > {} bytes at offset {})",
          segmentPath(segment), start, length, cache.raw.length, offset);
      return null;
    }
    byte[] value = new byte[(int) length];
    System.arraycopy(cache.raw, (int) start, value, 0, value.length);
    return value;
  }

  private byte @Nullable [] readRecord(long segment, long offset) {
    Path file = segmentPath(segment);
    // A channel per record read: reads are rare next to writes, and no open file outlives its segment's deletion.
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      readFully(channel, header, offset);
      Codec recordCodec = Codec.byId(header.get(0));
      int compressed = header.getInt(1);
      int rawLength = header.getInt(5);
      if (recordCodec == null || compressed < 0 || rawLength < 0 || compressed > MAX_RECORD_BYTES
          || rawLength > MAX_RECORD_BYTES) {
        logger.warn("value log {}: a damaged record header at offset {} (codec {}, lengths {} and {})", file,
            offset, header.get(0), compressed, rawLength);
        return null;
      }
      byte[] record = new byte[HEADER_BYTES + compressed];
      header.get(0, record, 0, HEADER_BYTES);
      readFully(channel, ByteBuffer.wrap(record, HEADER_BYTES, compressed), offset + HEADER_BYTES);
      if (checksum(record, compressed) != header.getInt(CHECKED_HEADER_BYTES)) {
        logger.warn("value log {}: the record at offset {} fails its checksum", file, offset);
        return null;
      }
      byte[] raw = new byte[rawLength];
      int n = decompress(recordCodec, record, compressed, raw);
      if (n != rawLength) {
        logger.warn("value log {}: the record at offset {} holds {} bytes (expected: {})", file, offset, n,
            rawLength);
        return null;
      }
      return raw;
    } catch (NoSuchFileException e) {
      return null; // deleted by retention: expired
    } catch (IOException | MalformedInputException e) {
      logger.warn("value log {}: cannot read the record at offset {}: {}", file, offset, e.toString());
      return null;
    }
  }

  private static int decompress(Codec codec, byte[] record, int compressed, byte[] raw) {
    Decompressor decompressor = switch (codec) {
      case NONE -> null;
      case LZ4 -> new Lz4Decompressor();
      case ZSTD -> new ZstdDecompressor();
    };
    if (decompressor == null) {
      System.arraycopy(record, HEADER_BYTES, raw, 0, Math.min(compressed, raw.length));
      return compressed;
    }
    return decompressor.decompress(record, HEADER_BYTES, compressed, raw, 0, raw.length);
  }

  private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
    int start = into.position();
    while (into.hasRemaining()) {
      if (channel.read(into, position + into.position() - start) < 0) {
        throw new IOException("the record ends past the end of the file (" + channel.size() + " bytes)");
      }
    }
  }

  /** CRC32C of the header's codec and lengths and of the {@code compressed} payload bytes after the header. */
  private static int checksum(byte[] record, int compressed) {
    CRC32C crc = new CRC32C();
    crc.update(record, 0, CHECKED_HEADER_BYTES);
    crc.update(record, HEADER_BYTES, compressed);
    return (int) crc.getValue();
  }

  /**
   * Deletes every segment whose last write is before {@code cutoff} (the active one too, once idle that long):
   * their values have all outlived the family's TTL. Returns how many were deleted.
   */
  int deleteWrittenBefore(Instant cutoff) throws IOException {
    int deleted = 0;
    for (long id : segmentIds()) {
      Path file = segmentPath(id);
      Instant written;
      try {
        written = Files.getLastModifiedTime(file).toInstant();
      } catch (NoSuchFileException e) {
        continue;
      }
      if (!written.isBefore(cutoff)) {
        continue;
      }
      synchronized (appendLock) {
        if (active != null && id == activeId) {
          // Looked at again under the lock: an append may have come since.
          if (!Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
            continue;
          }
          roll();
        }
        // Other segments get no more appends. A read that already opened it finishes; later ones find it gone.
        Files.deleteIfExists(file);
      }
      deleted++;
    }
    return deleted;
  }

  /**
   * Hard-links (or copies, across file systems) every written segment into {@code target}, after rolling the
   * active one: called after RocksDB's checkpoint, whose pointers all refer to bytes appended before it.
   */
  void linkInto(Path target) throws IOException {
    long last;
    synchronized (appendLock) {
      roll();
      last = activeId;
    }
    for (long id : segmentIds()) {
      if (id > last) {
        continue;
      }
      Path file = segmentPath(id);
      Path link = target.resolve(file.getFileName().toString());
      try {
        Files.createLink(link, file);
      } catch (UnsupportedOperationException | IOException e) {
        try {
          Files.copy(file, link);
        } catch (NoSuchFileException gone) {
          // deleted by retention meanwhile: its values have expired
        }
      }
    }
  }

  /** Bytes in this family's segments. */
  long diskBytes() throws IOException {
    long total = 0;
    for (long id : segmentIds()) {
      try {
        total += Files.size(segmentPath(id));
      } catch (NoSuchFileException e) {
        // deleted meanwhile
      }
    }
    return total;
  }

  /** Closes the active segment (the next append opens a new one). Caller holds appendLock. */
  private void roll() throws IOException {
    if (active != null) {
      FileChannel closing = active;
      active = null;
      closing.close();
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (appendLock) {
      closed = true;
      if (active != null && sync) {
        active.force(false);
      }
      roll();
    }
  }

  private Path segmentPath(long id) {
    return directory.resolve(prefix + String.format("%010d", id) + SUFFIX);
  }

  /** The ids of this family's segments on disk, in no particular order. */
  private List<Long> segmentIds() throws IOException {
    List<Long> ids = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.startsWith(prefix) && name.endsWith(SUFFIX)) {
          String digits = name.substring(prefix.length(), name.length() - SUFFIX.length());
          if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit)) {
            ids.add(Long.parseLong(digits));
          }
        }
      }
    }
    return ids;
  }

  /** True for a file name of a value-log segment (any family). */
  static boolean isSegmentFile(String name) {
    return name.endsWith(SUFFIX);
  }

  private static byte[] pointer(long segment, long offset, int start, int length) {
    byte[] p = new byte[1 + varLength(segment) + varLength(offset) + varLength(start) + varLength(length)];
    p[0] = POINTER;
    int at = putVar(p, 1, segment);
    at = putVar(p, at, offset);
    at = putVar(p, at, start);
    putVar(p, at, length);
    return p;
  }

  private static int varLength(long v) {
    int n = 1;
    while ((v >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  private static int putVar(byte[] b, int at, long v) {
    while ((v & ~0x7FL) != 0) {
      b[at++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[at++] = (byte) v;
    return at;
  }

  /** Reads a pointer's four varints after its marker byte. */
  private static final class PointerReader {
    private final byte[] bytes;
    private int at = 1;

    PointerReader(byte[] bytes) {
      this.bytes = bytes;
    }

    long next() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (at >= bytes.length) {
          throw new IllegalStateException("corrupt value: a value-log pointer of " + bytes.length + " bytes");
        }
        byte b = bytes[at++];
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new IllegalStateException("corrupt value: a value-log pointer's varint is too long");
    }
  }
}
