package io.pinscope.alarm.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.alarm.anomaly.AnomalyVerdict.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnomalyDetectorTest {
  private static final AnomalySettings DEFAULTS = AnomalySettings.DEFAULTS;

  /** A window of {@code requests} calls averaging {@code avgMillis}, {@code errors} failed. */
  private static WindowTraffic window(long requests, long errors, double avgMillis) {
    return new WindowTraffic(0, requests, errors, Math.round(requests * avgMillis));
  }

  /** 19 windows of 200 calls whose averages are {@code avgs} cycled. */
  private static List<WindowTraffic> baseline(double... avgs) {
    List<WindowTraffic> windows = new ArrayList<>();
    for (int i = 0; i < 19; i++) {
      windows.add(window(200, 2, avgs[i % avgs.length]));
    }
    return windows;
  }

  @Test
  void scoresWithMedianAndScaledMadAndSaysHowFarFromNormal() {
    // Values 210..270 ms: median 240, MAD 20 (the deviations 0, 10, 20, 30 cycled), spread 1.4826 × 20.
    List<WindowTraffic> base = baseline(210, 220, 230, 240, 250, 260, 270);
    AnomalyVerdict v = AnomalyDetector.detect(AnomalySignal.AVG_RESPONSE_TIME, window(300, 0, 812), base,
        DEFAULTS);

    assertThat(v.detected()).isTrue();
    assertThat(v.score()).isNotNull();
    assertThat(v.score().median()).isEqualTo(240);
    assertThat(v.score().mad()).isEqualTo(20);
    assertThat(v.score().z()).isCloseTo((812 - 240) / (1.4826 * 20), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(v.message()).isEqualTo("avg response time 812 ms is 19 robust SDs above normal "
        + "(median 240 ms, MAD 20 ms over 19 baseline windows)");
  }

  @Test
  void withinTheSensitivityIsNormal() {
    List<WindowTraffic> base = baseline(210, 220, 230, 240, 250, 260, 270);
    // (330 − 240) / 29.65 = 3.04: past 3, not past 4.
    AnomalyVerdict v = AnomalyDetector.detect(AnomalySignal.AVG_RESPONSE_TIME, window(300, 0, 330), base,
        DEFAULTS);

    assertThat(v.outcome()).isEqualTo(Outcome.NORMAL);
    assertThat(AnomalyDetector.detect(AnomalySignal.AVG_RESPONSE_TIME, window(300, 0, 330), base,
        DEFAULTS.withSensitivity(3)).detected()).isTrue();
  }

  @Test
  void aPastIncidentInTheBaselineBarelyMovesIt() {
    List<WindowTraffic> base = baseline(238, 240, 242);
    base.set(0, window(200, 150, 5_000));
    base.set(1, window(200, 150, 4_000));
    AnomalyVerdict v = AnomalyDetector.detect(AnomalySignal.AVG_RESPONSE_TIME, window(300, 0, 400), base,
        DEFAULTS);

    assertThat(v.score().median()).isEqualTo(240);
    assertThat(v.detected()).isTrue();
  }

  @Test
  void aFlatBaselineGetsTheSpreadFloorSoATinyChangeDoesNotFire() {
    List<WindowTraffic> flat = baseline(300);
    // MAD 0: the spread is floored at 5 % of 300 ms = 15 ms; 310 ms is 0.67 of it.
    AnomalyVerdict tiny = AnomalyDetector.detect(AnomalySignal.AVG_RESPONSE_TIME, window(200, 0, 310), flat,
        DEFAULTS);
    AnomalyVerdict real = AnomalyDetector.detect(AnomalySignal.AVG_RESPONSE_TIME, window(200, 0, 400), flat,
        DEFAULTS);

    assertThat(tiny.outcome()).isEqualTo(Outcome.NORMAL);
    assertThat(tiny.score().spread()).isEqualTo(15);
    assertThat(tiny.message()).isEqualTo("avg response time 310 ms is 0.67 robust SDs above normal "
        + "(median 300 ms, MAD 0 ms, spread floored at 15 ms, over 19 baseline windows)");
    assertThat(real.detected()).isTrue();
  }

  @Test
  void anErrorRateFromZeroNeedsMoreThanOneError() {
    List<WindowTraffic> never = new ArrayList<>();
    for (int i = 0; i < 19; i++) {
      never.add(window(200, 0, 240));
    }
    // Floor 1 percentage point: 1 error in 200 calls (0.5 %) is normal, 10 (5 %) fires.
    assertThat(AnomalyDetector.detect(AnomalySignal.ERROR_RATE, window(200, 1, 240), never, DEFAULTS).outcome())
        .isEqualTo(Outcome.NORMAL);
    AnomalyVerdict v = AnomalyDetector.detect(AnomalySignal.ERROR_RATE, window(200, 10, 240), never, DEFAULTS);
    assertThat(v.detected()).isTrue();
    assertThat(v.message()).startsWith("error rate 5 % is 5 robust SDs above normal (median 0 %");
  }

  @Test
  void responseTimeAndErrorRateDoNotFireBelowNormal() {
    List<WindowTraffic> base = baseline(238, 240, 242);
    AnomalyVerdict v = AnomalyDetector.detect(AnomalySignal.AVG_RESPONSE_TIME, window(300, 0, 20), base,
        DEFAULTS);

    assertThat(v.outcome()).isEqualTo(Outcome.NORMAL);
    assertThat(v.score().z()).isLessThan(-4);
    assertThat(v.message()).contains("robust SDs below normal");
  }

  @Test
  void aDropOfTrafficToZeroFiresTheTotalCount() {
    List<WindowTraffic> base = baseline(240);
    AnomalyVerdict v = AnomalyDetector.detect(AnomalySignal.TOTAL_COUNT, WindowTraffic.empty(0), base, DEFAULTS);

    assertThat(v.detected()).isTrue();
    assertThat(v.value()).isZero();
    // MAD 0: floor max(5 % of 200, √200) = 14.1 requests.
    assertThat(v.message()).isEqualTo("total count 0 requests is 14 robust SDs below normal "
        + "(median 200 requests, MAD 0 requests, spread floored at 14 requests, over 19 baseline windows)");
  }

  @Test
  void aSurgeOfTrafficFiresTheTotalCount() {
    assertThat(AnomalyDetector.detect(AnomalySignal.TOTAL_COUNT, window(400, 0, 240), baseline(240), DEFAULTS)
        .detected()).isTrue();
    assertThat(AnomalyDetector.detect(AnomalySignal.TOTAL_COUNT, window(220, 0, 240), baseline(240), DEFAULTS)
        .detected()).isFalse();
  }

  @Test
  void tooLittleTrafficInTheWindowGivesNoVerdict() {
    AnomalyVerdict v = AnomalyDetector.detect(AnomalySignal.AVG_RESPONSE_TIME, window(12, 0, 5_000),
        baseline(240), DEFAULTS);

    assertThat(v.outcome()).isEqualTo(Outcome.NO_VERDICT);
    assertThat(v.detected()).isFalse();
    assertThat(v.score()).isNull();
    assertThat(v.message()).isEqualTo("no verdict on the avg response time: 12 requests in the window "
        + "(expected: at least 50)");
  }

  @Test
  void aQuietApplicationGivesNoTotalCountVerdict() {
    List<WindowTraffic> quiet = new ArrayList<>();
    for (int i = 0; i < 19; i++) {
      quiet.add(window(8, 0, 240));
    }
    AnomalyVerdict v = AnomalyDetector.detect(AnomalySignal.TOTAL_COUNT, WindowTraffic.empty(0), quiet, DEFAULTS);

    assertThat(v.outcome()).isEqualTo(Outcome.NO_VERDICT);
    assertThat(v.message()).isEqualTo("no verdict on the total count: 0 requests in the window and 8 normally "
        + "(expected: at least 50 in one of them)");
  }

  @Test
  void tooFewBaselineWindowsWithTrafficGiveNoVerdict() {
    List<WindowTraffic> base = new ArrayList<>(List.of(window(200, 0, 240), window(200, 0, 250),
        window(200, 0, 260), window(20, 0, 900)));
    for (int i = 0; i < 15; i++) {
      base.add(WindowTraffic.empty(0));
    }
    AnomalyVerdict v = AnomalyDetector.detect(AnomalySignal.AVG_RESPONSE_TIME, window(300, 0, 900), base,
        DEFAULTS);

    assertThat(v.outcome()).isEqualTo(Outcome.NO_VERDICT);
    assertThat(v.message()).isEqualTo("no verdict on the avg response time: 3 of 19 baseline windows with at "
        + "least 50 requests (expected: at least 5; the history is too short or too quiet)");
    assertThat(AnomalyDetector.detect(AnomalySignal.TOTAL_COUNT, window(300, 0, 900), base, DEFAULTS).message())
        .isEqualTo("no verdict on the total count: 4 of 19 baseline windows with traffic "
            + "(expected: at least 5; the history is too short or too quiet)");
  }

  @Test
  void settingsComeFromTheThresholdAndOptions() {
    AnomalySettings s = AnomalySettings.of(3.5, Map.of("minTraffic", 20.0, "days", 3.0, "percent", 7.5));

    assertThat(s).isEqualTo(new AnomalySettings(3.5, 20, 3, 12, 5));
    assertThat(AnomalySettings.of(4, Map.of())).isEqualTo(AnomalySettings.DEFAULTS);
    assertThatThrownBy(() -> AnomalySettings.of(4, Map.of("minTraffic", 2.5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("minTraffic: 2.5 (expected: a whole number)");
    assertThatThrownBy(() -> AnomalySettings.of(0, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("sensitivity: 0.0 (expected: a number > 0)");
    assertThatThrownBy(() -> new AnomalySettings(4, 50, 0, 3, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minBaselineWindows: 5 (expected: 1..3, the baseline's days plus windows)");
  }
}
