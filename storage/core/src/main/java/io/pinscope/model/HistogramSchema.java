package io.pinscope.model;

/**
 * Pinpoint's response-time band schemas. {@link #NORMAL} bands are 1 s / 3 s / 5 s / slow; {@link #FAST}
 * bands (caches) are 100 ms / 300 ms / 500 ms / slow. Bounds are inclusive upper limits in milliseconds.
 */
public enum HistogramSchema {
  NORMAL(1_000, 3_000, 5_000, new String[] {"1s", "3s", "5s", "slow"}),
  FAST(100, 300, 500, new String[] {"100ms", "300ms", "500ms", "slow"});

  private final long fastMillis;
  private final long normalMillis;
  private final long slowMillis;
  private final String[] bandNames;

  HistogramSchema(long fastMillis, long normalMillis, long slowMillis, String[] bandNames) {
    this.fastMillis = fastMillis;
    this.normalMillis = normalMillis;
    this.slowMillis = slowMillis;
    this.bandNames = bandNames;
  }

  /** The band index 0..3 (fast, normal, slow, very slow) of an elapsed time in milliseconds. */
  public int band(long elapsedMillis) {
    if (elapsedMillis <= fastMillis) {
      return 0;
    } else if (elapsedMillis <= normalMillis) {
      return 1;
    } else if (elapsedMillis <= slowMillis) {
      return 2;
    }
    return 3;
  }

  /** The inclusive upper bound of band 0..3 in milliseconds; {@link Long#MAX_VALUE} for the last band. */
  public long upperBoundMillis(int band) {
    return switch (band) {
      case 0 -> fastMillis;
      case 1 -> normalMillis;
      case 2 -> slowMillis;
      default -> Long.MAX_VALUE;
    };
  }

  /** The display name of band 0..3 ("1s", "3s", "5s", "slow" for NORMAL). */
  public String bandName(int band) {
    return bandNames[band];
  }
}
