package io.pinscope.storage;

import io.pinscope.model.ScatterDot;
import io.pinscope.model.TraceId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How scatter dots are stored: in groups, one row per group rather than per dot, because a key-value engine's
 * cost is mostly per key and an export carries hundreds of dots. A group holds dots of one application
 * written together whose start times lie at most {@link #SPAN_MILLIS} below the newest one's, at most
 * {@link #MAX_DOTS}, newest first (ties by trace id, then span id, both unsigned), each once.
 *
 * <p>The row, after the salt and the application's name, is {@code inv(newest start ms) id(8)}: {@code id} is
 * a 64-bit hash of the group's dots, so writing the same dots again rewrites the same row; the salt comes from
 * the id. The value is {@code varint(dots) varint(strings) string...} (the group's distinct agent ids and
 * routes) and then, per dot in order, {@code varlong(newest - start ms) traceId(16) spanId(8) varlong(elapsed
 * ms) flags [1 error, 2 has a route] varint(agent's string) [varint(route's string)]}.
 */
final class ScatterGroups {
  /** How far below the newest dot's start time a group's dots may start, in milliseconds. */
  static final long SPAN_MILLIS = 1_000L;
  /** The most dots in one group. */
  static final int MAX_DOTS = 1_000;
  /** The length of a group's id in its row key. */
  static final int ID_BYTES = 8;

  private static final int ERROR = 1;
  private static final int ROUTED = 2;

  /** Newest first, then trace id, then span id (both unsigned): the order of the stored keys. */
  static final Comparator<ScatterDot> NEWEST_FIRST = (a, b) ->
      compare(a.epochMillis(), a.traceId().high(), a.traceId().low(), a.spanId(), b);

  /** Which decoded dots a read wants, judged before the dot is built. */
  interface DotFilter {
    boolean accepts(long epochMillis, long traceIdHigh, long traceIdLow, long spanId);
  }

  /** {@link #NEWEST_FIRST} between the dot with these keys and {@code dot}. */
  static int compare(long epochMillis, long traceIdHigh, long traceIdLow, long spanId, ScatterDot dot) {
    int c = Long.compare(dot.epochMillis(), epochMillis);
    if (c == 0) {
      c = Long.compareUnsigned(traceIdHigh, dot.traceId().high());
    }
    if (c == 0) {
      c = Long.compareUnsigned(traceIdLow, dot.traceId().low());
    }
    return c != 0 ? c : Long.compareUnsigned(spanId, dot.spanId());
  }

  /** {@code dots} split into groups, each in {@link #NEWEST_FIRST} order without repeats. */
  static List<List<ScatterDot>> split(List<ScatterDot> dots) {
    Map<String, List<ScatterDot>> byApplication = new LinkedHashMap<>();
    for (ScatterDot dot : dots) {
      byApplication.computeIfAbsent(dot.applicationName(), a -> new ArrayList<>()).add(dot);
    }
    List<List<ScatterDot>> groups = new ArrayList<>();
    for (List<ScatterDot> ofApplication : byApplication.values()) {
      ofApplication.sort(NEWEST_FIRST);
      List<ScatterDot> group = null;
      for (ScatterDot dot : ofApplication) {
        if (group != null && NEWEST_FIRST.compare(group.get(group.size() - 1), dot) == 0) {
          continue; // the same dot twice in one write
        }
        // Unsigned: the difference of two sorted times is right even where the signed one overflows.
        if (group == null || group.size() == MAX_DOTS
            || Long.compareUnsigned(group.get(0).epochMillis() - dot.epochMillis(), SPAN_MILLIS) > 0) {
          group = new ArrayList<>();
          groups.add(group);
        }
        group.add(dot);
      }
    }
    return groups;
  }

  /** The id of a group: a hash of its dots' times, trace ids and span ids. */
  static long id(List<ScatterDot> group) {
    long h = 0x9E3779B97F4A7C15L;
    for (ScatterDot dot : group) {
      h = mix(h ^ dot.epochMillis());
      h = mix(h ^ dot.traceId().high());
      h = mix(h ^ dot.traceId().low());
      h = mix(h ^ dot.spanId());
    }
    return h;
  }

  /** The value of a group's row. */
  static byte[] encode(List<ScatterDot> group) {
    Map<String, Integer> strings = new HashMap<>();
    for (ScatterDot dot : group) {
      strings.putIfAbsent(dot.agentId(), strings.size());
      if (dot.route() != null) {
        strings.putIfAbsent(dot.route(), strings.size());
      }
    }
    String[] table = new String[strings.size()];
    strings.forEach((s, i) -> table[i] = s);
    BinaryWriter w = new BinaryWriter(16 + 16 * table.length + 40 * group.size())
        .writeVarInt(group.size()).writeVarInt(table.length);
    for (String s : table) {
      w.writeString(s);
    }
    long newest = group.get(0).epochMillis();
    for (ScatterDot dot : group) {
      w.writeVarLong(newest - dot.epochMillis()).writeLong(dot.traceId().high()).writeLong(dot.traceId().low())
          .writeLong(dot.spanId()).writeVarLong(dot.elapsedMillis())
          .writeByte((dot.error() ? ERROR : 0) | (dot.route() != null ? ROUTED : 0))
          .writeVarInt(strings.get(dot.agentId()));
      if (dot.route() != null) {
        w.writeVarInt(strings.get(dot.route()));
      }
    }
    return w.toByteArray();
  }

  /**
   * Passes the dots of a group's row that {@code filter} accepts to {@code out}, in their stored order; the
   * others are skipped without being built.
   */
  static void decode(String application, long newestMillis, byte[] value, DotFilter filter,
      Consumer<ScatterDot> out) {
    BinaryReader r = new BinaryReader(value);
    int dots = r.readVarInt();
    String[] strings = new String[r.readVarInt()];
    for (int i = 0; i < strings.length; i++) {
      strings[i] = r.readString();
    }
    for (int i = 0; i < dots; i++) {
      long time = newestMillis - r.readVarLong();
      long high = r.readLong();
      long low = r.readLong();
      long spanId = r.readLong();
      long elapsed = r.readVarLong();
      int flags = r.readByte();
      String agent = strings[r.readVarInt()];
      String route = (flags & ROUTED) != 0 ? strings[r.readVarInt()] : null;
      if (filter.accepts(time, high, low, spanId)) {
        out.accept(new ScatterDot(application, agent, time, elapsed, (flags & ERROR) != 0, new TraceId(high, low),
            spanId, route));
      }
    }
  }

  /** splitmix64's finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private ScatterGroups() {}
}
