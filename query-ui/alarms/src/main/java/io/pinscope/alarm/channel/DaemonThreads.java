package io.pinscope.alarm.channel;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads for the dispatcher's own pools: they never keep the JVM from exiting. */
final class DaemonThreads {
  /** Threads named {@code <prefix>-1}, {@code <prefix>-2}, … */
  static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private DaemonThreads() {}
}
