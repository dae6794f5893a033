package io.pinscope.storage;

import io.pinscope.model.alarm.Acknowledgement;
import io.pinscope.model.alarm.AlarmChannel;
import io.pinscope.model.alarm.AlarmEvent;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.model.alarm.AlarmState;
import io.pinscope.model.alarm.DeliveryRecord;
import io.pinscope.model.alarm.Escalation;
import io.pinscope.model.alarm.RuleKind;
import io.pinscope.model.alarm.Silence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The stored form of the alarm records: a version byte, then the fields in declaration order with the
 * same varint/string encoders as every other table ({@link BinaryWriter}). Binary rather than JSON because
 * storage/core has no JSON library and every other value is this way; enums are stored by name (not
 * ordinal) so adding or reordering constants never changes what stored bytes mean. Nullable fields are a
 * presence byte (0/1) and the value. Events are stored without deliveries: each delivery is its own cell
 * (see {@link AlarmTable}).
 */
final class AlarmCodec {
  private static final int VERSION = 1;

  static byte[] rule(AlarmRule r) {
    BinaryWriter w = new BinaryWriter(256).writeByte(VERSION);
    w.writeString(r.id()).writeString(r.name()).writeString(r.application()).writeString(r.kind().name())
        .writeDouble(r.threshold());
    nullableString(w, r.target());
    w.writeVarInt(r.options().size());
    r.options().forEach((k, v) -> w.writeString(k).writeDouble(v));
    channels(w, r.channels());
    Escalation e = r.escalation();
    w.writeByte(e == null ? 0 : 1);
    if (e != null) {
      w.writeVarInt(e.afterMinutes());
      channels(w, e.channels());
    }
    return w.writeByte(r.enabled() ? 1 : 0).toByteArray();
  }

  static AlarmRule rule(byte[] value) {
    BinaryReader r = reader(value, "alarm rule");
    String id = r.readString();
    String name = r.readString();
    String application = r.readString();
    RuleKind kind = RuleKind.valueOf(r.readString());
    double threshold = r.readDouble();
    String target = nullableString(r);
    int n = r.readVarInt();
    Map<String, Double> options = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      options.put(r.readString(), r.readDouble());
    }
    List<AlarmChannel> channels = channels(r);
    Escalation escalation = r.readByte() == 0 ? null : new Escalation(r.readVarInt(), channels(r));
    boolean enabled = r.readByte() != 0;
    return new AlarmRule(id, name, application, kind, threshold, target, options, channels, escalation, enabled);
  }

  static byte[] state(AlarmState s) {
    BinaryWriter w = new BinaryWriter(128).writeByte(VERSION);
    w.writeString(s.ruleId()).writeString(s.status().name());
    nullableLong(w, s.sinceMillis());
    nullableDouble(w, s.value());
    nullableString(w, s.message());
    nullableLong(w, s.lastEvaluatedMillis());
    w.writeVarInt(s.sequence()).writeVarInt(s.notifications());
    nullableLong(w, s.nextNotificationMillis());
    Acknowledgement a = s.acknowledged();
    w.writeByte(a == null ? 0 : 1);
    if (a != null) {
      w.writeString(a.by()).writeSignedVarLong(a.atMillis()).writeString(a.comment());
    }
    w.writeByte(s.escalated() ? 1 : 0);
    nullableString(w, s.error());
    // Added after version 1 was first written: a trailing field, left out while null, so states stored
    // before it (and their golden bytes) read the same.
    if (s.firstNotifiedMillis() != null) {
      nullableLong(w, s.firstNotifiedMillis());
    }
    return w.toByteArray();
  }

  static AlarmState state(byte[] value) {
    BinaryReader r = reader(value, "alarm state");
    return new AlarmState(r.readString(), AlarmState.Status.valueOf(r.readString()), nullableLong(r),
        nullableDouble(r), nullableString(r), nullableLong(r), r.readVarInt(), r.readVarInt(), nullableLong(r),
        r.readByte() == 0 ? null : new Acknowledgement(r.readString(), r.readSignedVarLong(), r.readString()),
        r.readByte() != 0, nullableString(r), r.hasRemaining() ? nullableLong(r) : null);
  }

  static byte[] silence(Silence s) {
    BinaryWriter w = new BinaryWriter(128).writeByte(VERSION);
    w.writeString(s.id()).writeString(s.application());
    nullableString(w, s.ruleId());
    return w.writeSignedVarLong(s.fromMillis()).writeSignedVarLong(s.toMillis()).writeString(s.reason())
        .writeString(s.createdBy()).toByteArray();
  }

  static Silence silence(byte[] value) {
    BinaryReader r = reader(value, "silence");
    return new Silence(r.readString(), r.readString(), nullableString(r), r.readSignedVarLong(),
        r.readSignedVarLong(), r.readString(), r.readString());
  }

  /** The event without its deliveries. */
  static byte[] event(AlarmEvent e) {
    BinaryWriter w = new BinaryWriter(128).writeByte(VERSION);
    w.writeString(e.id()).writeSignedVarLong(e.timeMillis()).writeString(e.ruleId()).writeString(e.ruleName())
        .writeString(e.application()).writeString(e.type().name());
    nullableDouble(w, e.value());
    return w.writeString(e.unit()).writeString(e.message()).toByteArray();
  }

  static AlarmEvent event(byte[] value, List<DeliveryRecord> deliveries) {
    BinaryReader r = reader(value, "alarm event");
    return new AlarmEvent(r.readString(), r.readSignedVarLong(), r.readString(), r.readString(), r.readString(),
        AlarmEvent.Type.valueOf(r.readString()), nullableDouble(r), r.readString(), r.readString(), deliveries);
  }

  static byte[] delivery(DeliveryRecord d) {
    BinaryWriter w = new BinaryWriter(64).writeByte(VERSION);
    channel(w, d.channel());
    return w.writeByte(d.delivered() ? 1 : 0).writeVarInt(d.attempts()).writeString(d.detail())
        .writeSignedVarLong(d.finishedMillis()).toByteArray();
  }

  static DeliveryRecord delivery(byte[] value) {
    BinaryReader r = reader(value, "delivery");
    return new DeliveryRecord(channel(r), r.readByte() != 0, r.readVarInt(), r.readString(), r.readSignedVarLong());
  }

  private static BinaryReader reader(byte[] value, String what) {
    BinaryReader r = new BinaryReader(value);
    int version = r.readByte();
    if (version != VERSION) {
      throw new IllegalStateException(what + " value version " + version + " (expected: " + VERSION + ")");
    }
    return r;
  }

  private static void channels(BinaryWriter w, List<AlarmChannel> channels) {
    w.writeVarInt(channels.size());
    channels.forEach(c -> channel(w, c));
  }

  private static List<AlarmChannel> channels(BinaryReader r) {
    int n = r.readVarInt();
    List<AlarmChannel> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(channel(r));
    }
    return out;
  }

  private static void channel(BinaryWriter w, AlarmChannel c) {
    w.writeString(c.type().name()).writeString(c.target());
  }

  private static AlarmChannel channel(BinaryReader r) {
    return new AlarmChannel(AlarmChannel.Type.valueOf(r.readString()), r.readString());
  }

  private static void nullableString(BinaryWriter w, @Nullable String s) {
    w.writeByte(s == null ? 0 : 1);
    if (s != null) {
      w.writeString(s);
    }
  }

  private static @Nullable String nullableString(BinaryReader r) {
    return r.readByte() == 0 ? null : r.readString();
  }

  private static void nullableLong(BinaryWriter w, @Nullable Long v) {
    w.writeByte(v == null ? 0 : 1);
    if (v != null) {
      w.writeSignedVarLong(v);
    }
  }

  private static @Nullable Long nullableLong(BinaryReader r) {
    return r.readByte() == 0 ? null : r.readSignedVarLong();
  }

  private static void nullableDouble(BinaryWriter w, @Nullable Double v) {
    w.writeByte(v == null ? 0 : 1);
    if (v != null) {
      w.writeDouble(v);
    }
  }

  private static @Nullable Double nullableDouble(BinaryReader r) {
    return r.readByte() == 0 ? null : r.readDouble();
  }

  private AlarmCodec() {}
}
