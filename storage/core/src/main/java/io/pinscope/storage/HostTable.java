package io.pinscope.storage;

import io.pinscope.model.HostInfo;
import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.Scan;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link HostRegistry} over the {@code hosts} table: row the hostname's UTF-8, empty qualifier, value a
 * version byte, first and last seen (varints) and the resource. Registration merges with what is stored and
 * is serialised in this process (the receiver registers a host at most once a minute).
 */
final class HostTable implements HostRegistry {
  private static final String HOST = "h";
  private static final byte[] EMPTY = new byte[0];
  private static final int VERSION = 1;

  private final WideColumnStore store;

  HostTable(WideColumnStore store) {
    this.store = store;
  }

  @Override
  public synchronized void register(HostInfo host) {
    byte[] row = utf8(host.hostname());
    byte[] existing = store.get(Storage.HOSTS, HOST, row, EMPTY);
    HostInfo merged = host;
    if (existing != null) {
      HostInfo old = decode(host.hostname(), existing);
      merged = new HostInfo(host.hostname(), Math.min(old.firstSeenMillis(), host.firstSeenMillis()),
          Math.max(old.lastSeenMillis(), host.lastSeenMillis()), host.resource());
    }
    store.write(new WriteBatch().put(Storage.HOSTS, HOST, row, EMPTY, encode(merged)));
  }

  @Override
  public List<HostInfo> hosts() {
    List<HostInfo> out = new ArrayList<>();
    for (Cell c : store.scan(new Scan(Storage.HOSTS, HOST, new byte[] {0}, EMPTY, false, MAX_LIST))) {
      out.add(decode(new String(c.row(), StandardCharsets.UTF_8), c.value()));
    }
    return out;
  }

  @Override
  public Optional<HostInfo> host(String hostname) {
    if (hostname.isEmpty()) {
      return Optional.empty();
    }
    byte[] value = store.get(Storage.HOSTS, HOST, utf8(hostname), EMPTY);
    return value == null ? Optional.empty() : Optional.of(decode(hostname, value));
  }

  private static byte[] encode(HostInfo h) {
    BinaryWriter w = new BinaryWriter(64).writeByte(VERSION).writeVarLong(h.firstSeenMillis())
        .writeVarLong(h.lastSeenMillis());
    AttributeCodec.write(w, h.resource());
    return w.toByteArray();
  }

  private static HostInfo decode(String hostname, byte[] value) {
    BinaryReader r = new BinaryReader(value);
    int version = r.readByte();
    if (version != VERSION) {
      throw new IllegalStateException("host value version " + version + " (expected: " + VERSION + ")");
    }
    return new HostInfo(hostname, r.readVarLong(), r.readVarLong(), AttributeCodec.read(r));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
