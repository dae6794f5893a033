package io.pinscope.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The process's answer to SIGTERM and SIGINT (Ctrl-C): the first starts a graceful stop and exits 0 when it is
 * over; a second exits at once (status 1), as does a stop still running {@link #GRACE} after the shutdown
 * timeout (the timeout cuts requests in flight; the grace bounds the statistics flush and the store's close).
 * Acknowledged data is safe either way: the store's write-ahead log has it.
 */
final class SignalStop {
  /** How long after the shutdown timeout a stop that has not finished is abandoned. */
  static final Duration GRACE = Duration.ofSeconds(15);
  private static final Logger logger = LoggerFactory.getLogger(SignalStop.class);

  private SignalStop() {}

  /** Installs the handlers: {@code stop} runs once, on the first signal, in its own thread. */
  static void install(Runnable stop, Duration shutdownTimeout) {
    AtomicInteger signals = new AtomicInteger();
    sun.misc.SignalHandler handler = signal -> {
      if (signals.incrementAndGet() > 1) {
        halt("second SIG" + signal.getName() + ": exiting without finishing the stop");
        return;
      }
      logger.info("SIG{}: stopping gracefully (a second signal exits at once)", signal.getName());
      Thread watchdog = new Thread(() -> {
        try {
          Thread.sleep(shutdownTimeout.plus(GRACE).toMillis());
        } catch (InterruptedException e) {
          return;
        }
        halt("the stop did not finish within " + shutdownTimeout.plus(GRACE).toSeconds() + " s: exiting");
      }, "pinscope-stop-watchdog");
      watchdog.setDaemon(true);
      watchdog.start();
      Thread stopper = new Thread(() -> {
        stop.run();
        System.exit(0);
      }, "pinscope-stop");
      stopper.start();
    };
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), handler);
      } catch (IllegalArgumentException e) {
        // The JVM refuses a signal the process ignores (SIGINT under nohup or `cmd &` in a script): it stays ignored.
        logger.debug("SIG{} not handled: {}", name, e.getMessage());
      }
    }
  }

  private static void halt(String why) {
    System.err.println("pinscope: " + why);
    System.err.flush();
    Runtime.getRuntime().halt(1);
  }
}
