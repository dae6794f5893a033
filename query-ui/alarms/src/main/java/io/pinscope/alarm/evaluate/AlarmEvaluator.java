package io.pinscope.alarm.evaluate;

import static java.util.Objects.requireNonNull;

import io.pinscope.alarm.channel.Delivery;
import io.pinscope.alarm.channel.Dispatcher;
import io.pinscope.alarm.channel.Notification;
import io.pinscope.alarm.check.Check;
import io.pinscope.alarm.check.CheckerRegistry;
import io.pinscope.model.alarm.AlarmChannel;
import io.pinscope.model.alarm.AlarmEvent;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.model.alarm.AlarmState;
import io.pinscope.model.alarm.DeliveryRecord;
import io.pinscope.model.alarm.Silence;
import io.pinscope.storage.AlarmStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates every enabled alarm rule, every {@code interval} once {@link #start started} (or once per
 * {@link #evaluateOnce} call), over the window {@code [now − window, now)}, {@code now} being the injected
 * clock's time at the round's start (the statistics checkers read its complete minutes, see
 * {@link io.pinscope.alarm.check.StatisticsWindow}).
 *
 * <p>Each rule is evaluated on its own task on a pool of {@code threads}, with a time limit counted from the
 * task's start ({@code ruleTimeout}; the checker's thread is interrupted past it): a slow or failing rule never
 * holds up another beyond the pool's width. A checker that throws or times out sets the rule FAILED (see
 * {@link NoiseControl}); the failure is logged once per failure streak.
 *
 * <p>After each evaluation the rule's state goes through {@link NoiseControl}, is written with a
 * compare-and-set ({@link AlarmStore#replaceState}; on a conflict — an acknowledgement or a reset written
 * meanwhile — the step is made again from the state read anew), and only then are its events appended and its
 * notifications handed to the {@link Dispatcher}: so a notification is never sent twice for one state change,
 * even across a restart. A rule deleted, disabled or given another condition ({@link AlarmRule#sameCondition})
 * since the round began is dropped from the round: its check was made for what it no longer is. A notification
 * is handed over even when its event could not be recorded (the state says it was sent; not sending it would
 * lose it). Sending is never awaited: each delivery's outcome is added to its event when it completes
 * ({@link AlarmStore#addDelivery}), on a thread of the evaluator's own. Notifications held back by a
 * silence leave one SILENCED event per silence and rule; a RECOVERY held back is recorded all the same.
 *
 * <p>Each round lists the silences once, and deletes those that ended more than {@link #SILENCE_KEEP} before.
 *
 * <p>Rounds never overlap. Thread-safe. To stop without losing delivery outcomes: {@link #stop()}, then close
 * the dispatcher (its in-flight deliveries complete, as cancelled), then {@link #close()}.
 */
public final class AlarmEvaluator implements AutoCloseable {
  /** The default evaluation interval. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
  /** The default window. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
  /** The default time limit of one rule's evaluation. */
  public static final Duration DEFAULT_RULE_TIMEOUT = Duration.ofSeconds(30);
  /** The default number of rules evaluated at once. */
  public static final int DEFAULT_THREADS = 4;
  /** How long a silence is kept after it ended (then deleted by a round): the default statistics retention. */
  public static final Duration SILENCE_KEEP = Duration.ofDays(14);
  /** How long {@link #close()} waits for deliveries in flight to finish and be recorded. */
  public static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
  /** How often a state write is tried again after a conflict. */
  private static final int MAX_STATE_ATTEMPTS = 5;

  private static final Logger logger = LoggerFactory.getLogger(AlarmEvaluator.class);

  private final AlarmStore alarms;
  private final CheckerRegistry checkers;
  private final Dispatcher dispatcher;
  private final Clock clock;
  private final Duration interval;
  private final Duration window;
  private final Duration ruleTimeout;
  private final int threads;
  private final ExecutorService pool;
  private final ScheduledExecutorService timer;
  private final ExecutorService deliveries;
  private final ScheduledExecutorService ticker;
  private final Object roundLock = new Object();
  private final AtomicBoolean started = new AtomicBoolean();
  /** The recording of each delivery not recorded yet (so close can wait for those a closed dispatcher ended). */
  private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  private AlarmEvaluator(Builder b) {
    this.alarms = b.alarms;
    this.checkers = b.checkers;
    this.dispatcher = b.dispatcher;
    this.clock = b.clock;
    this.interval = b.interval;
    this.window = b.window;
    this.ruleTimeout = b.ruleTimeout;
    this.threads = b.threads;
    this.pool = Executors.newFixedThreadPool(b.threads, threads("pinscope-alarm-check"));
    this.timer = Executors.newSingleThreadScheduledExecutor(threads("pinscope-alarm-timer"));
    this.deliveries = Executors.newSingleThreadExecutor(threads("pinscope-alarm-delivery"));
    this.ticker = Executors.newSingleThreadScheduledExecutor(threads("pinscope-alarm-evaluator"));
  }

  /** A builder over the repository, the checkers and the dispatcher; the rest has defaults. */
  public static Builder builder(AlarmStore alarms, CheckerRegistry checkers, Dispatcher dispatcher) {
    return new Builder(alarms, checkers, dispatcher);
  }

  /**
   * What one round did.
   *
   * @param evaluatedMillis the round's time (the clock's at its start; the windows end there)
   * @param rules the enabled rules evaluated
   * @param failed those whose evaluation failed or timed out
   */
  public record Round(long evaluatedMillis, int rules, int failed) {}

  /** Evaluates every interval from now on, the first round one interval after this call. Once only. */
  public AlarmEvaluator start() {
    if (stopped.get()) {
      throw new IllegalStateException("evaluator: stopped (expected: running)");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("evaluator: started already (expected: started once)");
    }
    long millis = interval.toMillis();
    ticker.scheduleAtFixedRate(this::roundLogged, millis, millis, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * One round: every enabled rule evaluated and its state, events and notifications handled; returns when every
   * rule is done or has timed out (deliveries go on afterwards). A rule still waiting for a thread after
   * {@code ruleTimeout} times the pool's rounds plus one (every thread held by checkers that ignore their
   * interruption) is settled as timed out too.
   */
  public Round evaluateOnce() {
    synchronized (roundLock) {
      if (stopped.get()) {
        throw new IllegalStateException("evaluator: stopped (expected: running)");
      }
      long now = clock.millis();
      List<Silence> silences = liveSilences(now);
      List<RuleRun> runs = new ArrayList<>();
      for (AlarmRule r : alarms.rules()) {
        if (r.enabled()) {
          runs.add(new RuleRun(r, now, silences));
        }
      }
      runs.forEach(RuleRun::submit);
      long rounds = (runs.size() + threads - 1) / Math.max(1, threads) + 1;
      long deadline = System.nanoTime() + ruleTimeout.toNanos() * rounds;
      for (RuleRun run : runs) {
        try {
          if (!run.done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            run.timeOut();
            run.done.await();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("alarm evaluation interrupted", e);
        }
      }
      int failed = 0;
      for (RuleRun run : runs) {
        failed += run.failed ? 1 : 0;
      }
      return new Round(now, runs.size(), failed);
    }
  }

  /**
   * The silences a round applies: every one listed, less those that ended more than {@link #SILENCE_KEEP}
   * before {@code now}, which are deleted (a failure to delete is logged; the next round tries again).
   */
  private List<Silence> liveSilences(long now) {
    List<Silence> live = new ArrayList<>();
    for (Silence s : alarms.silences()) {
      if (s.toMillis() < now - SILENCE_KEEP.toMillis()) {
        try {
          alarms.deleteSilence(s.id());
        } catch (RuntimeException e) {
          logger.warn("Silence {} ended at {}: it could not be deleted", s.id(), Instant.ofEpochMilli(s.toMillis()), e);
        }
      } else {
        live.add(s);
      }
    }
    return live;
  }

  /**
   * One rule's evaluation in a round: run on the pool, settled once — by its checker's outcome or by its time
   * limit, whichever comes first; {@link #done} opens once the outcome has been handled.
   */
  private final class RuleRun {
    final AlarmRule rule;
    final long now;
    final List<Silence> silences;
    final CountDownLatch done = new CountDownLatch(1);
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile @Nullable Future<?> task;
    volatile boolean failed;

    RuleRun(AlarmRule rule, long now, List<Silence> silences) {
      this.rule = rule;
      this.now = now;
      this.silences = silences;
    }

    void submit() {
      task = pool.submit(this::run);
    }

    private void run() {
      // The time limit counts from the start, so a rule waiting for a thread is not charged for the wait.
      Future<?> timeout = timer.schedule(this::timeOut, ruleTimeout.toMillis(), TimeUnit.MILLISECONDS);
      NoiseControl.Outcome outcome;
      try {
        Check check = checkers.checker(rule.kind()).check(rule, now - window.toMillis(), now);
        outcome = NoiseControl.Outcome.of(check);
      } catch (RuntimeException | LinkageError e) {
        outcome = NoiseControl.Outcome.failed(describe(e));
      }
      timeout.cancel(false);
      settle(outcome);
    }

    /** Settles the rule as timed out, interrupting its checker, unless it is settled already. */
    void timeOut() {
      if (!settled.get()) {
        Future<?> t = task;
        if (settle(NoiseControl.Outcome.failed("timed out after " + ruleTimeout.toMillis() + " ms")) && t != null) {
          t.cancel(true);
        }
      }
    }

    /** Handles {@code outcome} if this is the first settlement; returns whether it was. */
    private boolean settle(NoiseControl.Outcome outcome) {
      if (!settled.compareAndSet(false, true)) {
        return false;
      }
      failed = outcome.error() != null;
      try {
        handle(rule, now, outcome, silences);
      } catch (RuntimeException e) {
        logger.warn("Alarm rule {} ({}): its state could not be read or written; the next evaluation tries again",
            rule.name(), rule.id(), e);
      } finally {
        done.countDown();
      }
      return true;
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** Steps the rule's state, writes it, then records and sends what the step says. */
  private void handle(AlarmRule rule, long now, NoiseControl.Outcome outcome, List<Silence> silences) {
    for (int attempt = 1; attempt <= MAX_STATE_ATTEMPTS; attempt++) {
      // Read again at each attempt: the check was made for this rule as the round found it.
      Optional<AlarmRule> current = alarms.rule(rule.id());
      if (current.isEmpty() || !current.get().enabled() || !current.get().sameCondition(rule)) {
        return; // deleted, disabled or changed meanwhile: the check is about a rule that is no more
      }
      AlarmRule r = current.get();
      AlarmState stored = alarms.state(r.id()).orElse(null);
      AlarmState prev = stored == null ? AlarmState.pending(r.id()) : stored;
      Silence silence = Silence.latestCovering(silences, r, now);
      NoiseControl.Step step = NoiseControl.step(r, prev, outcome, now, silence != null);
      if (alarms.replaceState(stored, step.next())) {
        if (outcome.error() != null && prev.status() != AlarmState.Status.FAILED) {
          logger.warn("Alarm rule {} ({}) failed to evaluate: {}", r.name(), r.id(), outcome.error());
        }
        act(r, prev, step, outcome.check(), silence, now);
        return;
      }
    }
    logger.warn("Alarm rule {} ({}): its state kept changing while being written; skipped this round",
        rule.name(), rule.id());
  }

  /**
   * Appends the step's events and sends their notifications. The state is written already: a notification goes
   * out even when its event cannot be recorded, and a failure to record is logged, never thrown.
   */
  private void act(AlarmRule rule, AlarmState prev, NoiseControl.Step step, @Nullable Check check,
      @Nullable Silence silence, long now) {
    Double value = check == null ? null : check.value();
    List<String> held = new ArrayList<>();
    for (NoiseControl.Action a : step.actions()) {
      if (a.held() && a.type() != AlarmEvent.Type.RECOVERY) {
        held.add(a.type().name());
        continue;
      }
      String message = a.held() && silence != null ? a.message() + " — not sent: " + describe(silence) : a.message();
      AlarmEvent event = AlarmEvent.of(rule, now, a.type(), value, message);
      record(rule, event);
      Notification.Kind kind = a.held() ? null : a.notification();
      if (kind != null) {
        // a recovery is about the streak that just ended
        Notification n = notification(rule, kind == Notification.Kind.RECOVERY ? prev : step.next(), kind, value,
            a.message(), now);
        for (AlarmChannel channel : a.channels()) {
          send(event, n, channel);
        }
      }
    }
    if (!held.isEmpty() && silence != null) {
      try {
        if (!silencedBefore(rule, silence, now)) {
          record(rule, AlarmEvent.of(rule, now, AlarmEvent.Type.SILENCED, value, String.join(", ", held)
              + " not sent: " + describe(silence) + (check == null ? "" : " — " + check.message())));
        }
      } catch (RuntimeException e) {
        logger.warn("Alarm rule {} ({}): could not tell whether its silence was recorded", rule.name(), rule.id(), e);
      }
    }
  }

  /** Appends {@code event}; a failure is logged (the event is lost, what it is about goes on). */
  private void record(AlarmRule rule, AlarmEvent event) {
    try {
      alarms.appendEvent(event);
    } catch (RuntimeException e) {
      logger.warn("Alarm rule {} ({}): its {} event could not be recorded: {}", rule.name(), rule.id(),
          event.type(), event.message(), e);
    }
  }

  /** Whether a SILENCED event of {@code silence} was recorded for {@code rule} already. */
  private boolean silencedBefore(AlarmRule rule, Silence silence, long now) {
    String mark = silenceMark(silence);
    long from = Math.min(silence.fromMillis(), now);
    for (AlarmEvent e : alarms.events(new AlarmStore.EventQuery(null, rule.id(), from, now + 1,
        AlarmStore.MAX_EVENTS))) {
      if (e.type() == AlarmEvent.Type.SILENCED && e.message().contains(mark)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Silence s) {
    return "silenced until " + Instant.ofEpochMilli(s.toMillis())
        + (s.createdBy().isEmpty() ? "" : " by " + s.createdBy())
        + (s.reason().isEmpty() ? "" : " (" + s.reason() + ")") + " " + silenceMark(s);
  }

  private static String silenceMark(Silence s) {
    return "[silence " + s.id() + "]";
  }

  /** The notification of {@code kind} about the firing streak {@code streak} holds. */
  private Notification notification(AlarmRule rule, AlarmState streak, Notification.Kind kind,
      @Nullable Double value, String message, long now) {
    Long since = streak.sinceMillis();
    long first = since == null ? now : since;
    return new Notification(kind, rule.id(), rule.name(), rule.application(), rule.kind().displayName(),
        // No value (no data in the window): NaN, which payloads write as null and texts as "n/a".
        rule.target(), rule.threshold(), value == null ? Double.NaN : value, rule.kind().unitSymbol(), message,
        first, now, Math.max(1, streak.sequence()), null); // the dispatcher links to the UI's alarm page
  }

  /** Hands one notification to the dispatcher; its outcome is added to {@code event} when it completes. */
  private void send(AlarmEvent event, Notification n, AlarmChannel channel) {
    CompletableFuture<Delivery> sent;
    try {
      sent = dispatcher.deliver(n, channel);
    } catch (RuntimeException e) { // against the contract; recorded as a failed delivery all the same
      sent = CompletableFuture.completedFuture(new Delivery(channel, false, 1, "dispatcher failed: " + describe(e),
          clock.millis()));
    }
    CompletableFuture<Void> recorded = sent.whenCompleteAsync((d, e) -> {
      Delivery outcome = d != null ? d
          : new Delivery(channel, false, 1, "dispatcher failed: " + (e == null ? "no outcome" : describe(e)),
              clock.millis());
      try {
        alarms.addDelivery(event, new DeliveryRecord(outcome.channel(), outcome.delivered(), outcome.attempts(),
            outcome.detail(), Math.max(0, outcome.finishedMillis())));
      } catch (RuntimeException ex) {
        logger.warn("Alarm event {}: the delivery outcome {} could not be recorded", event.id(), outcome, ex);
      }
    }, deliveries).handle((x, e) -> null);
    inFlight.add(recorded);
    recorded.whenComplete((x, e) -> inFlight.remove(recorded));
  }

  private void roundLogged() {
    try {
      Round r = evaluateOnce();
      logger.debug("Evaluated {} alarm rules ({} failed)", r.rules(), r.failed());
    } catch (RuntimeException e) {
      // The rules could not be listed (storage): the next round tries again.
      logger.warn("Alarm evaluation round failed; next in {}", interval, e);
    }
  }

  /**
   * Stops evaluating: no further rounds; waits for a round in progress (its rules bounded by their time limit).
   * Delivery outcomes are still recorded until {@link #close()}. Idempotent.
   */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    ticker.shutdown();
    try {
      if (!ticker.awaitTermination(ruleTimeout.toMillis() * 2, TimeUnit.MILLISECONDS)) {
        logger.warn("Alarm evaluation still running at close");
      }
      // A round started by evaluateOnce on another thread: wait for it as well.
      synchronized (roundLock) {
        pool.shutdownNow();
        timer.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * {@link #stop()}s, then waits up to {@link #CLOSE_WAIT} for every delivery handed to the dispatcher to finish
   * and be recorded; the outcomes of deliveries still in flight after that are not recorded — close the
   * dispatcher before this so that they complete at once (as cancelled). Idempotent.
   */
  @Override
  public void close() {
    stop();
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // A closed dispatcher may complete its futures on a thread of its own, after its close returned: wait for
    // their recording rather than shut the recording thread under them. Recordings complete normally.
    CompletableFuture.allOf(inFlight.toArray(new CompletableFuture<?>[0]))
        .completeOnTimeout(null, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
    long pending = inFlight.stream().filter(f -> !f.isDone()).count();
    if (pending > 0) {
      logger.warn("Alarm evaluator closed with {} delivery outcomes still pending; they are not recorded", pending);
    }
    deliveries.shutdown();
    try {
      deliveries.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deliveries.shutdownNow();
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Builds an {@link AlarmEvaluator}; not thread-safe. */
  public static final class Builder {
    private final AlarmStore alarms;
    private final CheckerRegistry checkers;
    private final Dispatcher dispatcher;
    private Clock clock = Clock.systemUTC();
    private Duration interval = DEFAULT_INTERVAL;
    private Duration window = DEFAULT_WINDOW;
    private Duration ruleTimeout = DEFAULT_RULE_TIMEOUT;
    private int threads = DEFAULT_THREADS;

    private Builder(AlarmStore alarms, CheckerRegistry checkers, Dispatcher dispatcher) {
      this.alarms = requireNonNull(alarms, "alarms");
      this.checkers = requireNonNull(checkers, "checkers");
      this.dispatcher = requireNonNull(dispatcher, "dispatcher");
    }

    /** The clock whose time is "now" for each round (default: the system's UTC clock). */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** How often rounds run once started: 1 s..1 day (default 60 s). */
    public Builder interval(Duration interval) {
      this.interval = within("interval", interval, Duration.ofSeconds(1), Duration.ofDays(1));
      return this;
    }

    /** How far back each round looks: 1 min..1 day (default 5 min). */
    public Builder window(Duration window) {
      this.window = within("window", window, Duration.ofMinutes(1), Duration.ofDays(1));
      return this;
    }

    /** The time limit of one rule's evaluation: 1 ms..10 min (default 30 s). */
    public Builder ruleTimeout(Duration ruleTimeout) {
      this.ruleTimeout = within("ruleTimeout", ruleTimeout, Duration.ofMillis(1), Duration.ofMinutes(10));
      return this;
    }

    /** How many rules are evaluated at once: 1..64 (default 4). */
    public Builder threads(int threads) {
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("threads: " + threads + " (expected: 1..64)");
      }
      this.threads = threads;
      return this;
    }

    public AlarmEvaluator build() {
      return new AlarmEvaluator(this);
    }

    private static Duration within(String name, Duration d, Duration min, Duration max) {
      requireNonNull(d, name);
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + ": " + d + " (expected: " + min + ".." + max + ")");
      }
      return d;
    }
  }
}
