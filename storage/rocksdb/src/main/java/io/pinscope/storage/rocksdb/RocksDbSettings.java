package io.pinscope.storage.rocksdb;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.rocksdb.CompressionType;

/**
 * The engine options read from {@link io.pinscope.storage.spi.EngineConfig#options()}: every key that
 * starts with {@code rocksdb.}. Unknown {@code rocksdb.*} keys are rejected so that a typo does not
 * silently fall back to a default. The keys and defaults are listed on {@link RocksDbEngineProvider}.
 */
record RocksDbSettings(boolean sync, Compression compression, int blockSizeBytes,
    long blockCacheBytes, long writeBufferBytes, long totalWriteBufferBytes, long diskReserveBytes,
    int compressionDictBytes, Compaction compaction, boolean valueLog) {
  static final String SYNC = "rocksdb.sync";
  static final String COMPRESSION = "rocksdb.compression";
  static final String BLOCK_SIZE_KIB = "rocksdb.block-size-kib";
  static final String BLOCK_CACHE_MIB = "rocksdb.block-cache-mib";
  static final String WRITE_BUFFER_MIB = "rocksdb.write-buffer-mib";
  static final String TOTAL_WRITE_BUFFER_MIB = "rocksdb.total-write-buffer-mib";
  static final String DISK_RESERVE_MIB = "rocksdb.disk-reserve-mib";
  static final String COMPRESSION_DICT_KIB = "rocksdb.compression-dict-kib";
  static final String COMPACTION = "rocksdb.compaction";
  static final String VALUE_LOG = "rocksdb.value-log";
  private static final List<String> KEYS = List.of(SYNC, COMPRESSION, BLOCK_SIZE_KIB,
      BLOCK_CACHE_MIB, WRITE_BUFFER_MIB, TOTAL_WRITE_BUFFER_MIB, DISK_RESERVE_MIB, COMPRESSION_DICT_KIB,
      COMPACTION, VALUE_LOG);

  /** How the families of byte cells with a TTL (traces, scatter, metrics, ...) are compacted. */
  enum Compaction {
    /**
     * Universal compaction for byte families with a TTL: their cells are written once, so merging whole
     * sorted runs rewrites each byte a few times where levelled compaction rewrites it about ten times
     * per level (the default). Counter and max families and families without TTL stay levelled.
     */
    UNIVERSAL,
    /** Levelled compaction for every family (before issue 14's round 2). */
    LEVEL;

    /** The option value naming this style. */
    String optionValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Block compression: one algorithm for the upper levels and one for the bottommost level. */
  enum Compression {
    /**
     * LZ4 where data is rewritten often, ZSTD (with a dictionary) where most of it finally rests. Span values in
     * the value log stay LZ4 ({@link ValueLog.Codec#of}), so with it on this saves little (58 against 60 bytes a
     * span); before the value log it took about half the disk of {@link #LZ4} for a fifth more CPU.
     */
    LZ4_ZSTD(CompressionType.LZ4_COMPRESSION, CompressionType.ZSTD_COMPRESSION),
    /** ZSTD on every level: smallest files, most compaction CPU. */
    ZSTD(CompressionType.ZSTD_COMPRESSION, CompressionType.ZSTD_COMPRESSION),
    /**
     * LZ4 on every level (the default): the least compaction CPU, so that compaction keeps up with sustained
     * ingest on two cores (BENCHMARKS.md, issue 14 round 4).
     */
    LZ4(CompressionType.LZ4_COMPRESSION, CompressionType.LZ4_COMPRESSION),
    /** No compression (for measurements). */
    NONE(CompressionType.NO_COMPRESSION, CompressionType.NO_COMPRESSION);

    final CompressionType upper;
    final CompressionType bottommost;

    Compression(CompressionType upper, CompressionType bottommost) {
      this.upper = upper;
      this.bottommost = bottommost;
    }

    /** The option value naming this compression ({@code lz4-zstd}, {@code zstd}, ...). */
    String optionValue() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  RocksDbSettings {
    requireNonNull(compression, "compression");
    requireNonNull(compaction, "compaction");
  }

  /** Reads and validates the {@code rocksdb.*} options. */
  static RocksDbSettings from(Map<String, String> options) {
    for (String key : options.keySet()) {
      if (key.startsWith("rocksdb.") && !KEYS.contains(key)) {
        throw new IllegalArgumentException("option: " + key + " (expected one of " + KEYS + ")");
      }
    }
    return new RocksDbSettings(
        bool(options, SYNC, false),
        choice(COMPRESSION, options.getOrDefault(COMPRESSION, Compression.LZ4.optionValue()),
            Compression.values(), Compression::optionValue),
        (int) number(options, BLOCK_SIZE_KIB, 64, 4, 1024) * 1024,
        number(options, BLOCK_CACHE_MIB, 64, 8, 1 << 20) << 20,
        number(options, WRITE_BUFFER_MIB, 64, 1, 4096) << 20,
        number(options, TOTAL_WRITE_BUFFER_MIB, 256, 1, 1 << 20) << 20,
        number(options, DISK_RESERVE_MIB, 0, 0, 1 << 20) << 20,
        (int) number(options, COMPRESSION_DICT_KIB, 64, 0, 1024) * 1024,
        choice(COMPACTION, options.getOrDefault(COMPACTION, Compaction.LEVEL.optionValue()), Compaction.values(),
            Compaction::optionValue),
        bool(options, VALUE_LOG, true));
  }

  private static boolean bool(Map<String, String> options, String key, boolean defaultValue) {
    String v = options.get(key);
    if (v == null) {
      return defaultValue;
    }
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(key + ": " + v + " (expected: true or false)");
    };
  }

  private static long number(Map<String, String> options, String key, long defaultValue, long min,
      long max) {
    String v = options.get(key);
    if (v == null) {
      return defaultValue;
    }
    long n;
    try {
      n = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      n = Long.MIN_VALUE;
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(
          key + ": " + v + " (expected: an integer from " + min + " to " + max + ")");
    }
    return n;
  }

  /** The value of {@code key} among {@code values}, each named by {@code name}. */
  private static <E extends Enum<E>> E choice(String key, String v, E[] values, Function<E, String> name) {
    for (E e : values) {
      if (name.apply(e).equals(v)) {
        return e;
      }
    }
    throw new IllegalArgumentException(key + ": " + v + " (expected one of "
        + Arrays.stream(values).map(name).toList() + ")");
  }
}
