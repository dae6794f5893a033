package io.pinscope.storage;

import io.pinscope.model.AttributeValue;
import io.pinscope.model.Attributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary encoding of typed attributes. Keys found in a fixed dictionary of common semantic-convention
 * names are written as one byte; others as strings. The dictionary is part of the stored format:
 * append to it, never reorder or remove.
 */
final class AttributeCodec {
  private static final String[] DICTIONARY = {
    "http.method", "http.request.method", "http.route", "http.target", "http.url", "url.full",
    "url.path", "url.query", "url.scheme", "http.status_code", "http.response.status_code",
    "http.scheme", "http.host", "http.flavor", "network.protocol.version", "network.protocol.name",
    "net.peer.name", "net.peer.port", "net.host.name", "net.host.port", "server.address", "server.port",
    "client.address", "client.port", "network.peer.address", "network.peer.port", "user_agent.original",
    "http.user_agent", "thread.id", "thread.name", "db.system", "db.system.name", "db.name",
    "db.namespace", "db.statement", "db.query.text", "db.operation", "db.operation.name", "db.user",
    "db.connection_string", "db.sql.table", "db.collection.name", "messaging.system",
    "messaging.destination", "messaging.destination.name", "messaging.operation",
    "messaging.operation.type", "messaging.message.id", "messaging.kafka.partition",
    "messaging.kafka.message.offset", "rpc.system", "rpc.service", "rpc.method",
    "rpc.grpc.status_code", "peer.service", "service.peer.name", "exception.type", "exception.message",
    "exception.stacktrace", "exception.escaped", "code.function", "code.namespace", "code.filepath",
    "code.lineno", "error.type", "http.request_content_length", "http.response_content_length",
    "http.request.body.size", "http.response.body.size", "db.redis.database_index", "network.transport",
    "network.type", "code.function.name", "code.file.path", "code.line.number", "db.response.status_code",
  };
  /*
   * The dictionary as an open-addressed table (a quarter full), looked up once per attribute on the ingest
   * path. It is only read: a per-slot memo of the last instance found equal (kept until round 12) was written
   * from both ingest threads, whose name tables hand out different instances, so its cache lines went back and
   * forth between the cores for nothing; without it the profile's share of key look-ups stayed the same.
   */
  private static final int TABLE_SIZE = 512;
  private static final String[] KEYS = new String[TABLE_SIZE];
  private static final int[] CODES = new int[TABLE_SIZE];

  static {
    for (int i = 0; i < DICTIONARY.length; i++) {
      int slot = slot(DICTIONARY[i].hashCode());
      while (KEYS[slot] != null) {
        slot = (slot + 1) & (TABLE_SIZE - 1);
      }
      KEYS[slot] = DICTIONARY[i];
      CODES[slot] = i;
    }
  }

  private static int slot(int hash) {
    return (hash ^ (hash >>> 16)) & (TABLE_SIZE - 1);
  }

  /** The dictionary index of {@code key}, or -1 when it is not in the dictionary. */
  static int dictionaryIndex(String key) {
    int hash = key.hashCode();
    for (int slot = slot(hash); ; slot = (slot + 1) & (TABLE_SIZE - 1)) {
      String known = KEYS[slot];
      if (known == null) {
        return -1;
      }
      if (known == key || (known.hashCode() == hash && known.equals(key))) {
        return CODES[slot];
      }
    }
  }

  private static final int T_EMPTY = 0;
  private static final int T_STRING = 1;
  private static final int T_BOOL_FALSE = 2;
  private static final int T_BOOL_TRUE = 3;
  private static final int T_LONG = 4;
  private static final int T_DOUBLE = 5;
  private static final int T_BYTES = 6;
  private static final int T_ARRAY = 7;
  private static final int T_KVLIST = 8;

  static void write(BinaryWriter w, Attributes attributes) {
    List<Attributes.Attribute> entries = attributes.entries();
    int n = entries.size();
    w.writeVarInt(n);
    for (int i = 0; i < n; i++) { // indexed: the entries are a RandomAccess list, no iterator per call
      Attributes.Attribute a = entries.get(i);
      writeKey(w, a.key());
      writeValue(w, a.value());
    }
  }

  static Attributes read(BinaryReader r) {
    int n = r.readVarInt();
    if (n == 0) {
      return Attributes.empty();
    }
    Attributes.Builder b = Attributes.builder();
    for (int i = 0; i < n; i++) {
      String key = readKey(r);
      b.put(key, readValue(r));
    }
    return b.build();
  }

  private static void writeKey(BinaryWriter w, String key) {
    int idx = dictionaryIndex(key);
    if (idx >= 0) {
      w.writeVarInt(idx + 1);
    } else {
      w.writeVarInt(0);
      w.writeString(key);
    }
  }

  private static String readKey(BinaryReader r) {
    int idx = r.readVarInt();
    if (idx == 0) {
      return r.readString();
    }
    if (idx > DICTIONARY.length) {
      throw new IllegalStateException("corrupt value: attribute key index " + idx);
    }
    return DICTIONARY[idx - 1];
  }

  static void writeValue(BinaryWriter w, AttributeValue v) {
    if (v instanceof AttributeValue.StringValue s) {
      w.writeByte(T_STRING).writeString(s.value());
    } else if (v instanceof AttributeValue.LongValue l) {
      w.writeByte(T_LONG).writeSignedVarLong(l.value());
    } else if (v instanceof AttributeValue.BoolValue b) {
      w.writeByte(b.value() ? T_BOOL_TRUE : T_BOOL_FALSE);
    } else if (v instanceof AttributeValue.DoubleValue d) {
      w.writeByte(T_DOUBLE).writeDouble(d.value());
    } else if (v instanceof AttributeValue.BytesValue b) {
      w.writeByte(T_BYTES).writeLengthPrefixed(b.value());
    } else if (v instanceof AttributeValue.ArrayValue a) {
      w.writeByte(T_ARRAY).writeVarInt(a.values().size());
      for (AttributeValue item : a.values()) {
        writeValue(w, item);
      }
    } else if (v instanceof AttributeValue.KeyValueListValue kv) {
      w.writeByte(T_KVLIST);
      write(w, kv.values());
    } else {
      w.writeByte(T_EMPTY);
    }
  }

  static AttributeValue readValue(BinaryReader r) {
    int type = r.readByte();
    return switch (type) {
      case T_EMPTY -> AttributeValue.EmptyValue.INSTANCE;
      case T_STRING -> new AttributeValue.StringValue(r.readString());
      case T_BOOL_FALSE -> new AttributeValue.BoolValue(false);
      case T_BOOL_TRUE -> new AttributeValue.BoolValue(true);
      case T_LONG -> new AttributeValue.LongValue(r.readSignedVarLong());
      case T_DOUBLE -> new AttributeValue.DoubleValue(r.readDouble());
      case T_BYTES -> new AttributeValue.BytesValue(r.readLengthPrefixed());
      case T_ARRAY -> {
        int n = r.readVarInt();
        List<AttributeValue> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          items.add(readValue(r));
        }
        yield new AttributeValue.ArrayValue(items);
      }
      case T_KVLIST -> new AttributeValue.KeyValueListValue(read(r));
      default -> throw new IllegalStateException("corrupt value: attribute type " + type);
    };
  }

  private AttributeCodec() {}
}
