package io.pinscope.alarm.anomaly;

import static io.pinscope.alarm.anomaly.SyntheticTraffic.APPLICATION;
import static io.pinscope.alarm.anomaly.SyntheticTraffic.DAY;
import static io.pinscope.alarm.anomaly.SyntheticTraffic.MINUTE;

import io.pinscope.MutableClock;
import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.storage.MapStatistics;
import io.pinscope.storage.StatisticsBatch;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * The anomaly rule's false-positive rate and detection delay on synthetic data (not a test; figures for
 * BENCHMARKS.md). Each run writes two weeks of {@link SyntheticTraffic} (daily seasonality plus noise) to the
 * memory engine; week 1 is history only.
 *
 * <ul>
 *   <li>False positives: week 2 as it is (noise only), judged every 5 minutes (2,016 windows of 5 minutes) on
 *       each signal at sensitivities 3, 4 and 5 with the default guards and baseline (7 days, 12 windows).
 *   <li>Detection: 50 latency spikes (each minute's average × factor, 15 minutes long) at random minutes of
 *       week 2, one at a time (written, judged, then put back); judged every minute over the last 5 whole
 *       minutes from the spike's first minute on; the delay is from the spike's start to the end of the first
 *       window that fires; a spike counts as detected when a window ending up to 5 minutes after it fires.
 *       The same for outages (no calls for 15 minutes) on the total count.
 * </ul>
 *
 * <p>Two noise profiles: Gaussian only, and Gaussian plus hiccups (see {@link SyntheticTraffic}). Arguments:
 * {@code [weeks]} (default 3): independent runs per profile (seeds 1..weeks), reported each and together.
 */
public final class AnomalyBenchmark {
  private static final long START = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
  private static final long WEEK_2 = START + 7 * DAY;
  private static final Duration WINDOW = Duration.ofMinutes(5);
  private static final double[] SENSITIVITIES = {3, 4, 5};
  private static final int SPIKES = 50;
  private static final int SPIKE_MINUTES = 15;
  /** Windows ending this many minutes after the spike's start are judged (the last holds no spiked minute). */
  private static final int JUDGED_MINUTES = SPIKE_MINUTES + 5;

  private AnomalyBenchmark() {}

  public static void main(String[] args) {
    int weeks = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    long started = System.nanoTime();
    run("Gaussian noise", 0, weeks);
    run("Gaussian noise plus hiccups (0.5 % of minutes 1.5-2.5x slower with 5 % errors)", 0.005, weeks);
    System.out.printf(Locale.ROOT, "%nran in %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  private static void run(String profile, double hiccupShare, int weeks) {
    System.out.println("## " + profile);
    System.out.println();
    // [signal][sensitivity] firing windows, windows judged, no-verdicts.
    long[][] fired = new long[AnomalySignal.values().length][SENSITIVITIES.length];
    long[] judged = new long[AnomalySignal.values().length];
    long[] noVerdict = new long[AnomalySignal.values().length];
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("latency ×1.5", AnomalySignal.AVG_RESPONSE_TIME, m -> SyntheticTraffic.slower(m, 1.5)));
    cases.add(new Case("latency ×2", AnomalySignal.AVG_RESPONSE_TIME, m -> SyntheticTraffic.slower(m, 2)));
    cases.add(new Case("latency ×3", AnomalySignal.AVG_RESPONSE_TIME, m -> SyntheticTraffic.slower(m, 3)));
    cases.add(new Case("outage (no calls)", AnomalySignal.TOTAL_COUNT, m -> Histogram.empty(HistogramSchema.NORMAL)));

    for (int seed = 1; seed <= weeks; seed++) {
      MutableClock clock = new MutableClock(Instant.ofEpochMilli(START + 14 * DAY));
      try (Storage storage = Storage.open(StorageConfig.builder().engine("memory").clock(clock).build())) {
        MapStatistics statistics = storage.statistics();
        SyntheticTraffic traffic = new SyntheticTraffic(START, 14, seed, hiccupShare);
        traffic.writeTo(statistics);
        BaselineReader reader = new BaselineReader(statistics);

        long[][] weekFired = new long[AnomalySignal.values().length][SENSITIVITIES.length];
        long weekJudged = 0;
        for (long to = WEEK_2 + 5 * MINUTE; to <= START + 14 * DAY; to += 5 * MINUTE) {
          Baseline b = reader.read(APPLICATION, to, WINDOW, AnomalySettings.DEFAULTS);
          weekJudged++;
          for (AnomalySignal signal : AnomalySignal.values()) {
            judged[signal.ordinal()]++;
            for (int s = 0; s < SENSITIVITIES.length; s++) {
              AnomalyVerdict v = b.judge(signal, AnomalySettings.DEFAULTS.withSensitivity(SENSITIVITIES[s]));
              if (v.outcome() == AnomalyVerdict.Outcome.NO_VERDICT && s == 0) {
                noVerdict[signal.ordinal()]++;
              }
              if (v.detected()) {
                fired[signal.ordinal()][s]++;
                weekFired[signal.ordinal()][s]++;
              }
            }
          }
        }
        System.out.printf(Locale.ROOT, "week %d: %d windows judged; firing windows at sensitivity 3/4/5:"
            + " avg response time %s, error rate %s, total count %s%n", seed, weekJudged,
            triple(weekFired[0]), triple(weekFired[1]), triple(weekFired[2]));

        Random random = new Random(1_000 + seed);
        for (Case c : cases) {
          for (int i = 0; i < SPIKES; i++) {
            long start = WEEK_2 + random.nextInt(7 * 1_440 - JUDGED_MINUTES) * MINUTE;
            StatisticsBatch before = traffic.change(statistics, start, SPIKE_MINUTES, c.change());
            int[] delay = new int[SENSITIVITIES.length];
            for (int minute = 1; minute <= JUDGED_MINUTES; minute++) {
              Baseline b = reader.read(APPLICATION, start + minute * MINUTE, WINDOW, AnomalySettings.DEFAULTS);
              for (int s = 0; s < SENSITIVITIES.length; s++) {
                if (delay[s] == 0
                    && b.judge(c.signal(), AnomalySettings.DEFAULTS.withSensitivity(SENSITIVITIES[s])).detected()) {
                  delay[s] = minute;
                }
              }
            }
            traffic.restore(statistics, before);
            c.record(delay);
          }
        }
      }
    }

    System.out.println();
    System.out.printf(Locale.ROOT, "False positives, noise only: %d weeks, %d windows of 5 minutes per signal%n%n",
        weeks, judged[0]);
    System.out.println("| signal | no verdict | sensitivity 3 | sensitivity 4 | sensitivity 5 |");
    System.out.println("|---|---|---|---|---|");
    for (AnomalySignal signal : AnomalySignal.values()) {
      StringBuilder row = new StringBuilder("| " + signal.label() + " | " + noVerdict[signal.ordinal()]);
      for (int s = 0; s < SENSITIVITIES.length; s++) {
        long n = fired[signal.ordinal()][s];
        row.append(String.format(Locale.ROOT, " | %d (%.2f %%, %.1f/day)", n, 100.0 * n / judged[signal.ordinal()],
            n / (7.0 * weeks)));
      }
      System.out.println(row + " |");
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "Detection: %d events per case (%d per week), %d minutes long, judged every"
        + " minute over 5-minute windows%n%n", SPIKES * weeks, SPIKES, SPIKE_MINUTES);
    System.out.println("| case | sensitivity | detected | delay min / median / p90 / max (minutes) |");
    System.out.println("|---|---|---|---|");
    for (Case c : cases) {
      for (int s = 0; s < SENSITIVITIES.length; s++) {
        System.out.println("| " + c.name() + " | " + AnomalySignal.number(SENSITIVITIES[s]) + " | " + c.summary(s)
            + " |");
      }
    }
    System.out.println();
  }

  private static String triple(long[] n) {
    return n[0] + "/" + n[1] + "/" + n[2];
  }

  /** An injected event and the delays measured for it, per sensitivity (0 = not detected). */
  private record Case(String name, AnomalySignal signal, UnaryOperator<Histogram> change,
      List<int[]> delays) {
    Case(String name, AnomalySignal signal, UnaryOperator<Histogram> change) {
      this(name, signal, change, new ArrayList<>());
    }

    void record(int[] delay) {
      delays.add(delay.clone());
    }

    String summary(int s) {
      int[] found = delays.stream().mapToInt(d -> d[s]).filter(d -> d > 0).sorted().toArray();
      String rate = String.format(Locale.ROOT, "%d/%d (%.0f %%)", found.length, delays.size(),
          100.0 * found.length / delays.size());
      if (found.length == 0) {
        return rate + " | -";
      }
      return rate + " | " + found[0] + " / " + found[(found.length - 1) / 2] + " / "
          + found[(int) Math.ceil(0.9 * found.length) - 1] + " / " + found[found.length - 1];
    }
  }
}
