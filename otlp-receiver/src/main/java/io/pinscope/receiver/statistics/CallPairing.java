package io.pinscope.receiver.statistics;

import io.pinscope.model.StoredSpan;
import io.pinscope.servermap.CallerRules;
import io.pinscope.servermap.CallerRules.ApplicationTypes;
import io.pinscope.servermap.MapContributions.ClientHalf;
import io.pinscope.servermap.MapContributions.Half;
import io.pinscope.servermap.MapContributions.PairKey;
import io.pinscope.servermap.MapContributions.ServerHalf;
import io.pinscope.servermap.MapSink;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Where client and server halves of calls wait for each other at ingest ({@link CallerRules} decides what
 * each meeting means). Bounded places, each of at most {@code maxPending} entries:
 * <ul>
 *   <li>the <b>pairing table</b>: every half waits up to the pairing window from its arrival for its other
 *       half. A client whose window passes is resolved alone (external host); a server whose window passes
 *       goes to the read queue. With a zero window nothing waits here.
 *   <li>the <b>read queue</b>: servers whose parent span the aggregator looks up in the store at its next
 *       flush ({@link #takeReads}, then {@link #settle} with the result). A server still unresolved after
 *       the read (its caller's span is not stored yet) waits in the late table.
 *   <li>the <b>late table</b>: servers waiting up to the late window for their caller's client span; a
 *       client arriving (or leaving the pairing table) meets its server there. When the late window
 *       passes, the server is read once more as its last chance.
 *   <li>the <b>answered keys</b>: servers resolved without their client (named by {@code pp}, drawn from
 *       the unknown caller, or resolved early), remembered for another late window, so that their client,
 *       should it still arrive, adds no second link for the same call.
 * </ul>
 * When the pairing table, the late table or the answered keys are full their oldest entry is resolved
 * without waiting (or forgotten); when the read queue is full, a server that would join it is resolved
 * without a read. Evictions are counted, and no call is dropped: a server resolved early takes its last
 * chance at once. Not thread-safe: the aggregator guards it with its lock, and reads the store outside it.
 */
final class CallPairing {
  /** A server to look up in the store; {@code lastChance} once its late window passed. */
  record Read(ServerHalf half, boolean lastChance) {}

  private record Waiting(Half half, long arrivalMillis) {}

  private record Late(ServerHalf half, long deadlineMillis) {}

  private final long windowMillis;
  private final long lateMillis;
  private final int maxPending;
  private final ApplicationTypes types;
  private final LinkedHashMap<PairKey, Waiting> waiting = new LinkedHashMap<>();
  private final LinkedHashMap<PairKey, Late> late = new LinkedHashMap<>();
  private final List<Read> reads = new ArrayList<>();
  /** Keys of servers resolved without their client, with the time until which they are remembered. */
  private final LinkedHashMap<PairKey, Long> answered = new LinkedHashMap<>();
  private long pairs;
  private long latePairs;
  private long clientsAlone;
  private long unknownCallers;
  private long evictedForMemory;

  CallPairing(StatisticsConfig config, ApplicationTypes types) {
    this.windowMillis = config.pairingWindow().toMillis();
    this.lateMillis = config.latePairingWindow().toMillis();
    this.maxPending = config.maxPendingPairs();
    this.types = types;
  }

  /** A half arrives. */
  void offer(Half half, long now, MapSink sink) {
    Waiting existing = waiting.remove(half.key());
    if (existing != null) {
      if (existing.half() instanceof ClientHalf c && half instanceof ServerHalf s) {
        pair(c, s, sink, false);
        return;
      } else if (existing.half() instanceof ServerHalf s && half instanceof ClientHalf c) {
        pair(c, s, sink, false);
        return;
      }
      // The same side again under one key (a retried batch): the older one goes on alone.
      leaveWindow(existing.half(), now, sink);
    }
    if (half instanceof ClientHalf c && meetsLateServer(c, sink)) {
      return;
    }
    if (windowMillis == 0) {
      leaveWindow(half, now, sink);
      return;
    }
    if (waiting.size() >= maxPending) {
      Iterator<Waiting> oldest = waiting.values().iterator();
      Half evicted = oldest.next().half();
      oldest.remove();
      evictedForMemory++;
      leaveWindow(evicted, now, sink);
    }
    waiting.put(half.key(), new Waiting(half, now));
  }

  /**
   * Moves on every half whose window passed by {@code now}, and hands over the servers to look up: the read
   * queue, including servers whose late window passed (their last chance).
   */
  List<Read> takeReads(long now, MapSink sink) {
    Iterator<Waiting> it = waiting.values().iterator();
    while (it.hasNext()) {
      Waiting w = it.next();
      if (now - w.arrivalMillis() < windowMillis) {
        break; // Arrival order: the rest are younger.
      }
      it.remove();
      leaveWindow(w.half(), now, sink);
    }
    Iterator<Late> lateIt = late.values().iterator();
    while (lateIt.hasNext()) {
      Late l = lateIt.next();
      if (now < l.deadlineMillis()) {
        break; // Deadline order: entries are only ever added at the end with now + the late window.
      }
      lateIt.remove();
      reads.add(new Read(l.half(), true));
    }
    Iterator<Long> answeredIt = answered.values().iterator();
    while (answeredIt.hasNext() && now >= answeredIt.next()) {
      answeredIt.remove();
    }
    List<Read> out = new ArrayList<>(reads);
    reads.clear();
    return out;
  }

  /**
   * Applies what the store said about a server's parent span ({@code parent} empty: not stored). A client
   * that arrived during the read pairs with it. {@code stopping}: nothing may wait any longer.
   */
  void settle(Read read, Optional<StoredSpan> parent, long now, MapSink sink, boolean stopping) {
    ServerHalf s = read.half();
    Waiting w = waiting.get(s.key());
    if (w != null && w.half() instanceof ClientHalf c) {
      waiting.remove(s.key());
      pair(c, s, sink, true);
      return;
    }
    if (parent.isPresent()) {
      latePairs++;
      CallerRules.serverWithParent(s, parent.get(), types, sink);
      return;
    }
    if (stopping) {
      resolveWithoutClient(s, now, sink);
      return;
    }
    CallerRules.Outcome outcome = CallerRules.serverWithoutParent(s, read.lastChance(), types, sink);
    if (outcome != CallerRules.Outcome.WAIT) {
      answered(s, now, outcome);
      return;
    }
    Late displaced = late.remove(s.key()); // a retried server already waiting: it goes on, as at-least-once
    if (displaced != null) {
      resolveWithoutClient(displaced.half(), now, sink);
    } else if (late.size() >= maxPending) {
      Iterator<Late> oldest = late.values().iterator();
      ServerHalf evicted = oldest.next().half();
      oldest.remove();
      evictedForMemory++;
      resolveWithoutClient(evicted, now, sink);
    }
    late.put(s.key(), new Late(s, now + lateMillis));
  }

  /**
   * Stopping: every waiting client is resolved alone, and every waiting server is handed over for one
   * read, to be settled with {@code stopping} true.
   */
  List<Read> takeAll(long now, MapSink sink) {
    for (Waiting w : waiting.values()) {
      if (w.half() instanceof ClientHalf c) {
        resolveClient(c, sink);
      } else {
        reads.add(new Read((ServerHalf) w.half(), true));
      }
    }
    waiting.clear();
    for (Late l : late.values()) {
      reads.add(new Read(l.half(), true));
    }
    late.clear();
    List<Read> out = new ArrayList<>(reads);
    reads.clear();
    return out;
  }

  /** Halves waiting anywhere: in the pairing table, the read queue or the late table. */
  int pending() {
    return waiting.size() + late.size() + reads.size();
  }

  long pairs() {
    return pairs;
  }

  long latePairs() {
    return latePairs;
  }

  long clientsAlone() {
    return clientsAlone;
  }

  long unknownCallers() {
    return unknownCallers;
  }

  long evictedForMemory() {
    return evictedForMemory;
  }

  private void pair(ClientHalf c, ServerHalf s, MapSink sink, boolean lateMeeting) {
    if (lateMeeting) {
      latePairs++;
    } else {
      pairs++;
    }
    CallerRules.pair(c, s, sink);
  }

  /** A client meets its server in the late table, or finds it already answered; false if neither. */
  private boolean meetsLateServer(ClientHalf c, MapSink sink) {
    Late l = late.remove(c.key());
    if (l != null) {
      pair(c, l.half(), sink, true);
      return true;
    }
    if (answered.remove(c.key()) != null) {
      latePairs++; // The server counted this call already, from the caller it could name.
      return true;
    }
    return false;
  }

  /** A half whose pairing window is over: a client meets a late server or goes alone; a server is read. */
  private void leaveWindow(Half half, long now, MapSink sink) {
    if (half instanceof ClientHalf c) {
      resolveClient(c, sink);
    } else if (reads.size() >= maxPending) {
      evictedForMemory++;
      resolveWithoutClient((ServerHalf) half, now, sink);
    } else {
      reads.add(new Read((ServerHalf) half, false));
    }
  }

  private void resolveClient(ClientHalf c, MapSink sink) {
    if (!meetsLateServer(c, sink)) {
      clientsAlone++;
      CallerRules.clientAlone(c, sink);
    }
  }

  /** A server that may wait no longer, without a read: its last chance at once. */
  private void resolveWithoutClient(ServerHalf s, long now, MapSink sink) {
    answered(s, now, CallerRules.serverWithoutParent(s, true, types, sink));
  }

  private void answered(ServerHalf s, long now, CallerRules.Outcome outcome) {
    if (outcome == CallerRules.Outcome.UNKNOWN_CALLER) {
      unknownCallers++;
    }
    if (answered.size() >= maxPending) {
      Iterator<Long> oldest = answered.values().iterator();
      oldest.next();
      oldest.remove();
    }
    answered.remove(s.key());
    answered.put(s.key(), now + lateMillis);
  }
}
