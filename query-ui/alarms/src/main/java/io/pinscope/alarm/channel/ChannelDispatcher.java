package io.pinscope.alarm.channel;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpHeaderNames;
import io.pinscope.model.alarm.AlarmChannel;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Dispatcher} the server uses: sends to JSON webhooks and Slack incoming webhooks with Armeria's
 * non-blocking HTTP client (one per dispatcher), and email through an SMTP server with Jakarta Mail on a small
 * pool of its own.
 *
 * <p>{@link #deliver} returns at once and never throws (only for null arguments); its future always completes
 * normally. Each delivery makes up to {@code attempts} attempts, each limited to {@code timeout}; between
 * attempts it waits {@code backoff}, doubled after each retry (1 s, then 2 s by default). An attempt is
 * retried after a 5xx, 408 or 429 answer, a timeout or an I/O error; any other 4xx, an SMTP 5xx refusal or an
 * unusable target ends the delivery at once. At most {@code maxInFlight} deliveries run at a time; beyond that
 * a delivery completes at once, not delivered, detail {@code "dispatcher queue full (N in flight)"} (its
 * {@code attempts} is 1: the refused try). {@link Delivery#finishedMillis()} is read from the injected clock.
 *
 * <p>The futures complete on one thread of the dispatcher's own, in completion order, so a caller may do a
 * short blocking write (e.g. record the delivery in storage) in a callback without stalling the network
 * threads; a slow callback only delays the callbacks after it, never sending.
 *
 * <p>Links: a notification without a link, or with a relative one ({@code /…} or {@code #…}), gets one under
 * the public base URL when one is set: {@code <base>/#/alarms?application=<app>&rule=<ruleId>}.
 *
 * <p>{@link #close} cancels pending retries and attempts in progress: their deliveries complete, not
 * delivered, with detail {@code "dispatcher closed"} (plus the last attempt's outcome if there was one); later
 * deliveries complete the same way at once.
 */
public final class ChannelDispatcher implements Dispatcher, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChannelDispatcher.class);

  /** The largest answer read from a webhook; only its status and the start of an error body are used. */
  private static final int MAX_RESPONSE_BYTES = 1 << 20;

  private final long timeoutMillis;
  private final int attempts;
  private final long backoffMillis;
  private final int maxInFlight;
  private final @Nullable String publicBaseUrl;
  private final Clock clock;
  private final ClientFactory clientFactory;
  private final Map<AlarmChannel.Type, ChannelSender> senders = new EnumMap<>(AlarmChannel.Type.class);
  private final @Nullable MailChannelSender mail;
  private final ScheduledThreadPoolExecutor retries;
  private final ThreadPoolExecutor callbacks;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Set<Job> jobs = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private ChannelDispatcher(Builder b) {
    this.timeoutMillis = b.timeout.toMillis();
    this.attempts = b.attempts;
    this.backoffMillis = b.backoff.toMillis();
    this.maxInFlight = b.maxInFlight;
    this.publicBaseUrl = b.publicBaseUrl;
    this.clock = b.clock;
    this.clientFactory = ClientFactory.builder().connectTimeout(b.timeout).build();
    WebClient client = WebClient.builder()
        .factory(clientFactory)
        .responseTimeout(b.timeout)
        .writeTimeout(b.timeout)
        .maxResponseLength(MAX_RESPONSE_BYTES)
        .setHeader(HttpHeaderNames.USER_AGENT, "Pinscope-Alarms")
        .build();
    senders.put(AlarmChannel.Type.WEBHOOK, new HttpChannelSender(client, b.timeout, WebhookPayload::json));
    senders.put(AlarmChannel.Type.SLACK, new HttpChannelSender(client, b.timeout, SlackPayload::json));
    this.mail = b.smtp == null ? null : new MailChannelSender(b.smtp, b.timeout, b.clock, b.mailThreads, b.maxInFlight);
    if (mail != null) {
      senders.put(AlarmChannel.Type.EMAIL, mail);
    }
    this.retries = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("pinscope-alarm-retry"));
    retries.setRemoveOnCancelPolicy(true);
    this.callbacks = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        DaemonThreads.named("pinscope-alarm-delivered"));
    callbacks.allowCoreThreadTimeOut(true);
  }

  /** A builder with the defaults: 5 s per attempt, 3 attempts, 1 s back-off, 256 in flight, no email. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public CompletableFuture<Delivery> deliver(Notification notification, AlarmChannel channel) {
    requireNonNull(notification, "notification");
    requireNonNull(channel, "channel");
    if (closed) {
      return CompletableFuture.completedFuture(failed(channel, 1, "dispatcher closed"));
    }
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      return CompletableFuture.completedFuture(
          failed(channel, 1, "dispatcher queue full (" + maxInFlight + " in flight)"));
    }
    Job job;
    try {
      job = new Job(channel, prepare(notification, channel), notification.ruleId());
    } catch (RuntimeException e) {
      // An unusable target (IllegalArgumentException) or a bug building the payload: never thrown at the caller.
      inFlight.decrementAndGet();
      String detail = e instanceof IllegalArgumentException && e.getMessage() != null
          ? e.getMessage() : "failed: " + FailureDetail.message(e);
      logFailure(notification.ruleId(), channel, 1, detail);
      return CompletableFuture.completedFuture(failed(channel, 1, detail));
    }
    jobs.add(job);
    CompletableFuture<Delivery> answer = new CompletableFuture<>();
    job.result.whenComplete((delivery, error) -> {
      inFlight.decrementAndGet();
      jobs.remove(job);
      try {
        callbacks.execute(() -> answer.complete(delivery));
      } catch (RejectedExecutionException closing) {
        answer.complete(delivery);
      }
    });
    if (closed) {
      // close() ran between the check above and jobs.add: it did not see this job.
      job.cancel();
    } else {
      job.run(1);
    }
    return answer;
  }

  private ChannelSender.Attempt prepare(Notification notification, AlarmChannel channel) {
    ChannelSender sender = senders.get(channel.type());
    if (sender == null) {
      throw new IllegalArgumentException("email is not configured (no SMTP server set)");
    }
    return sender.prepare(withLink(notification), channel);
  }

  /** The notification with an absolute link, when the public base URL allows one (see the class doc). */
  Notification withLink(Notification n) {
    String link = n.link();
    if (publicBaseUrl == null || (link != null && !link.startsWith("/") && !link.startsWith("#"))) {
      return n;
    }
    String absolute = link == null
        ? publicBaseUrl + "/#/alarms?application=" + encode(n.application()) + "&rule=" + encode(n.ruleId())
        : publicBaseUrl + (link.startsWith("#") ? "/" : "") + link;
    return new Notification(n.kind(), n.ruleId(), n.ruleName(), n.application(), n.checker(), n.target(),
        n.threshold(), n.value(), n.unit(), n.message(), n.firstDetectedMillis(), n.evaluatedMillis(),
        n.sequence(), absolute);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private Delivery failed(AlarmChannel channel, int attemptsMade, String detail) {
    return new Delivery(channel, false, attemptsMade, detail, clock.millis());
  }

  /** Logs the channel's type only: a Slack or webhook URL usually carries a secret token. */
  private static void logFailure(String ruleId, AlarmChannel channel, int attemptsMade, String detail) {
    log.warn("Alarm notification of rule {} not delivered to its {} channel after {} attempt(s): {}",
        ruleId, channel.type(), attemptsMade, detail);
  }

  /** How long to wait after attempt {@code number} failed: the back-off, doubled for each earlier retry. */
  private long backoffAfter(int number) {
    return backoffMillis << Math.min(number - 1, 20);
  }

  /**
   * Ends every delivery in progress as not delivered ({@code "dispatcher closed"}), cancels pending retries
   * and releases the HTTP client, the mail pool and the threads. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Job job : jobs) {
      job.cancel();
    }
    retries.shutdownNow();
    if (mail != null) {
      mail.close();
    }
    clientFactory.closeAsync();
    // Completions already queued still run: every future handed out completes.
    callbacks.shutdown();
  }

  /** One delivery: its attempts, one after another, and their outcome. */
  private final class Job {
    final AlarmChannel channel;
    final ChannelSender.Attempt attempt;
    final String ruleId;
    final CompletableFuture<Delivery> result = new CompletableFuture<>();
    private int attemptsMade;
    private String lastDetail = "";
    private @Nullable ScheduledFuture<?> retry;

    Job(AlarmChannel channel, ChannelSender.Attempt attempt, String ruleId) {
      this.channel = channel;
      this.attempt = attempt;
      this.ruleId = ruleId;
    }

    void run(int number) {
      if (result.isDone()) {
        return;
      }
      CompletableFuture<AttemptOutcome> outcome;
      try {
        outcome = attempt.run();
      } catch (RuntimeException e) {
        outcome = CompletableFuture.failedFuture(e);
      }
      outcome.whenComplete((o, error) -> finished(number, o != null ? o
          : AttemptOutcome.retryable("failed: " + FailureDetail.message(FailureDetail.unwrap(error)))));
    }

    private synchronized void finished(int number, AttemptOutcome o) {
      if (result.isDone()) {
        return;
      }
      attemptsMade = number;
      lastDetail = o.detail();
      if (o.delivered()) {
        complete(true, o.detail());
        return;
      }
      if (!o.retryable() || number >= attempts || closed) {
        logFailure(ruleId, channel, number, o.detail());
        complete(false, o.detail());
        return;
      }
      try {
        retry = retries.schedule(() -> run(number + 1), backoffAfter(number), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closing) {
        complete(false, "dispatcher closed; last attempt: " + o.detail());
      }
    }

    synchronized void cancel() {
      if (retry != null) {
        retry.cancel(false);
      }
      complete(false, attemptsMade == 0 ? "dispatcher closed" : "dispatcher closed; last attempt: " + lastDetail);
    }

    private void complete(boolean delivered, String detail) {
      result.complete(new Delivery(channel, delivered, Math.max(1, attemptsMade), detail, clock.millis()));
    }
  }

  /** Settings of a {@link ChannelDispatcher}; every one has a default. */
  public static final class Builder {
    private Duration timeout = Duration.ofSeconds(5);
    private int attempts = 3;
    private Duration backoff = Duration.ofSeconds(1);
    private int maxInFlight = 256;
    private int mailThreads = 2;
    private @Nullable SmtpSettings smtp;
    private @Nullable String publicBaseUrl;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The limit of one attempt: connecting, sending and the whole answer (default 5 s; 1 ms..10 min). */
    public Builder timeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("timeout: " + timeout + " (expected: 1 ms..10 min)");
      }
      this.timeout = timeout;
      return this;
    }

    /** The most attempts per delivery, the first included (default 3; 1..10). */
    public Builder attempts(int attempts) {
      if (attempts < 1 || attempts > 10) {
        throw new IllegalArgumentException("attempts: " + attempts + " (expected: 1..10)");
      }
      this.attempts = attempts;
      return this;
    }

    /**
     * The wait after the first failed attempt, doubled after each further one (default 1 s, so 1 s then 2 s;
     * 0..10 min; tests set a few milliseconds).
     */
    public Builder backoff(Duration backoff) {
      requireNonNull(backoff, "backoff");
      if (backoff.isNegative() || backoff.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("backoff: " + backoff + " (expected: 0..10 min)");
      }
      this.backoff = backoff;
      return this;
    }

    /** The most deliveries in progress at once, retries included (default 256; 1..100000). */
    public Builder maxInFlight(int maxInFlight) {
      if (maxInFlight < 1 || maxInFlight > 100_000) {
        throw new IllegalArgumentException("maxInFlight: " + maxInFlight + " (expected: 1..100000)");
      }
      this.maxInFlight = maxInFlight;
      return this;
    }

    /** How many emails are sent at the same time (default 2; 1..16). */
    public Builder mailThreads(int mailThreads) {
      if (mailThreads < 1 || mailThreads > 16) {
        throw new IllegalArgumentException("mailThreads: " + mailThreads + " (expected: 1..16)");
      }
      this.mailThreads = mailThreads;
      return this;
    }

    /** The SMTP server for email channels; without one, email deliveries fail with a detail saying so. */
    public Builder smtp(@Nullable SmtpSettings smtp) {
      this.smtp = smtp;
      return this;
    }

    /**
     * The address users reach the UI at, e.g. {@code "https://pinscope.example.com"} (an http or https URL;
     * a trailing slash is dropped), used to build the links in notifications; null for none.
     */
    public Builder publicBaseUrl(@Nullable String publicBaseUrl) {
      if (publicBaseUrl == null || publicBaseUrl.isBlank()) {
        this.publicBaseUrl = null;
        return this;
      }
      String url = HttpChannelSender.httpUrl("publicBaseUrl", publicBaseUrl).toString();
      this.publicBaseUrl = url.replaceAll("/+$", "");
      return this;
    }

    /** The clock {@link Delivery#finishedMillis()} and the emails' date are read from (default UTC system). */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    public ChannelDispatcher build() {
      return new ChannelDispatcher(this);
    }
  }
}
