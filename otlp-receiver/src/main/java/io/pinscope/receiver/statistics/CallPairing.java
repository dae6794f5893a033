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
 * each meeting means). Three bounded places, each at most {@code maxPending} halves:
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
 * </ul>
 * When a place is full its oldest half is resolved without waiting (counted as evicted): a client alone, a
 * server through {@link CallerRules#serverUnresolved}. Not thread-safe: the aggregator guards it with its
 * lock, and reads the store outside that lock.
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
      leaveWindow(existing.half(), sink);
    }
    if (half instanceof ClientHalf c) {
      Late l = late.remove(c.key());
      if (l != null) {
        pair(c, l.half(), sink, true);
        return;
      }
    }
    if (windowMillis == 0) {
      leaveWindow(half, sink);
      return;
    }
    if (waiting.size() >= maxPending) {
      Iterator<Waiting> oldest = waiting.values().iterator();
      Half evicted = oldest.next().half();
      oldest.remove();
      evictedForMemory++;
      leaveWindow(evicted, sink);
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
      leaveWindow(w.half(), sink);
    }
    Iterator<Late> lateIt = late.values().iterator();
    while (lateIt.hasNext()) {
      Late l = lateIt.next();
      if (now < l.deadlineMillis()) {
        break; // Deadline order, as the late window is one length for all.
      }
      lateIt.remove();
      reads.add(new Read(l.half(), true));
    }
    return drainReads();
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
      CallerRules.serverUnresolved(s, types, sink);
      return;
    }
    CallerRules.Outcome outcome = CallerRules.serverWithoutParent(s, read.lastChance(), types, sink);
    if (outcome == CallerRules.Outcome.UNKNOWN_CALLER) {
      unknownCallers++;
    }
    if (outcome != CallerRules.Outcome.WAIT) {
      return;
    }
    if (late.size() >= maxPending) {
      Iterator<Late> oldest = late.values().iterator();
      ServerHalf evicted = oldest.next().half();
      oldest.remove();
      evictedForMemory++;
      CallerRules.serverUnresolved(evicted, types, sink);
    }
    late.put(s.key(), new Late(s, now + lateMillis));
  }

  /**
   * Stopping: every waiting client is resolved alone, and every waiting server is handed over for one
   * read, to be settled with {@code stopping} true.
   */
  List<Read> takeAll(MapSink sink) {
    for (Waiting w : waiting.values()) {
      leaveWindow(w.half(), sink);
    }
    waiting.clear();
    for (Late l : late.values()) {
      reads.add(new Read(l.half(), false));
    }
    late.clear();
    return drainReads();
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

  /** A half whose pairing window is over: a client meets a late server or goes alone; a server is read. */
  private void leaveWindow(Half half, MapSink sink) {
    if (half instanceof ClientHalf c) {
      Late l = late.remove(c.key());
      if (l != null) {
        pair(c, l.half(), sink, true);
      } else {
        clientsAlone++;
        CallerRules.clientAlone(c, sink);
      }
    } else if (reads.size() >= maxPending) {
      evictedForMemory++;
      CallerRules.serverUnresolved((ServerHalf) half, types, sink);
    } else {
      reads.add(new Read((ServerHalf) half, false));
    }
  }

  private List<Read> drainReads() {
    List<Read> out = new ArrayList<>(reads);
    reads.clear();
    return out;
  }
}
