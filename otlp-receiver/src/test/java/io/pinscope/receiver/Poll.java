package io.pinscope.receiver;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline (never a fixed sleep standing in for synchronisation). */
final class Poll {
  private Poll() {}

  static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 60 s: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what, e);
      }
    }
  }

  /** The value of an unlabelled gauge in {@code metrics}. */
  static double gauge(ReceiverMetrics metrics, String name) {
    for (String line : metrics.prometheusText().split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1));
      }
    }
    throw new AssertionError("no gauge " + name);
  }
}
