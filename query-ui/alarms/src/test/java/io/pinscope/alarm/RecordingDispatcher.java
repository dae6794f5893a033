package io.pinscope.alarm;

import io.pinscope.alarm.channel.Delivery;
import io.pinscope.alarm.channel.Dispatcher;
import io.pinscope.alarm.channel.Notification;
import io.pinscope.model.alarm.AlarmChannel;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A dispatcher that records what it is given and answers at once "HTTP 200" — except for the channel targets
 * made to hang, whose deliveries never complete.
 */
public final class RecordingDispatcher implements Dispatcher {
  /** One notification handed over for one channel. */
  public record Sent(Notification notification, AlarmChannel channel) {}

  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final Set<String> hanging = ConcurrentHashMap.newKeySet();
  private final Clock clock;

  public RecordingDispatcher(Clock clock) {
    this.clock = clock;
  }

  /** Deliveries to {@code target} never complete from now on. */
  public RecordingDispatcher hang(String target) {
    hanging.add(target);
    return this;
  }

  @Override
  public CompletableFuture<Delivery> deliver(Notification notification, AlarmChannel channel) {
    sent.add(new Sent(notification, channel));
    if (hanging.contains(channel.target())) {
      return new CompletableFuture<>();
    }
    return CompletableFuture.completedFuture(new Delivery(channel, true, 1, "HTTP 200", clock.millis()));
  }

  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** What was sent to {@code target}, in order. */
  public List<Sent> sentTo(String target) {
    return sent.stream().filter(s -> s.channel().target().equals(target)).toList();
  }

  public void clear() {
    sent.clear();
  }
}
