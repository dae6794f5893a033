package io.pinscope.storage;

import io.pinscope.model.AgentInfo;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.Scan;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link ApplicationRegistry} over {@code applications}, {@code agents} and {@code agent_ids}.
 * Registration merges first/last-seen with what is stored; it is serialised in this process (agents
 * register rarely: the receiver de-duplicates), so merges never race each other here.
 */
final class ApplicationTables implements ApplicationRegistry {
  private static final String APP = "a";
  private static final String AGENT = "a";
  private static final String AGENT_ID = "i";
  private static final byte[] EMPTY = new byte[0];
  private static final int VERSION = 1;

  private final WideColumnStore store;

  ApplicationTables(WideColumnStore store) {
    this.store = store;
  }

  @Override
  public synchronized void register(AgentInfo agent) {
    byte[] row = agentRow(agent.applicationName(), agent.agentId());
    byte[] existing = store.get(Storage.AGENTS, AGENT, row, EMPTY);
    AgentInfo merged = agent;
    if (existing != null) {
      AgentInfo old = decode(existing);
      merged = new AgentInfo(agent.applicationName(), agent.agentId(), agent.serviceTypeCode(),
          agent.hostname(), agent.startTimeMillis(),
          Math.min(old.firstSeenMillis(), agent.firstSeenMillis()),
          Math.max(old.lastSeenMillis(), agent.lastSeenMillis()), agent.resource());
    }
    WriteBatch batch = new WriteBatch()
        .put(Storage.AGENTS, AGENT, row, EMPTY, encode(merged))
        .put(Storage.AGENT_IDS, AGENT_ID, utf8(agent.agentId()), EMPTY, utf8(agent.applicationName()))
        .put(Storage.APPLICATIONS, APP, utf8(agent.applicationName()), EMPTY,
            new BinaryWriter(8).writeSignedVarLong(agent.serviceTypeCode()).toByteArray());
    store.write(batch);
  }

  @Override
  public List<Application> applications() {
    List<Application> out = new ArrayList<>();
    for (Cell c : store.scan(new Scan(Storage.APPLICATIONS, APP, new byte[] {0}, EMPTY, false, MAX_LIST))) {
      int code = (int) new BinaryReader(c.value()).readSignedVarLong();
      out.add(new Application(new String(c.row(), StandardCharsets.UTF_8), ServiceTypeRegistry.ofCode(code)));
    }
    return out;
  }

  @Override
  public List<AgentInfo> agents(String applicationName) {
    byte[] prefix = Keys.name(new BinaryWriter(32), applicationName).toByteArray();
    List<AgentInfo> out = new ArrayList<>();
    for (Cell c : store.scan(Scan.prefix(Storage.AGENTS, AGENT, prefix, MAX_LIST))) {
      out.add(decode(c.value()));
    }
    return out;
  }

  @Override
  public Optional<AgentInfo> agent(String agentId) {
    byte[] app = store.get(Storage.AGENT_IDS, AGENT_ID, utf8(agentId), EMPTY);
    if (app == null) {
      return Optional.empty();
    }
    byte[] value = store.get(Storage.AGENTS, AGENT,
        agentRow(new String(app, StandardCharsets.UTF_8), agentId), EMPTY);
    return value == null ? Optional.empty() : Optional.of(decode(value));
  }

  private static byte[] agentRow(String application, String agentId) {
    return Keys.name(new BinaryWriter(48), application).writeBytes(utf8(agentId)).toByteArray();
  }

  private static byte[] encode(AgentInfo a) {
    BinaryWriter w = new BinaryWriter(128).writeByte(VERSION);
    w.writeString(a.applicationName()).writeString(a.agentId()).writeSignedVarLong(a.serviceTypeCode())
        .writeString(a.hostname()).writeVarLong(a.startTimeMillis()).writeVarLong(a.firstSeenMillis())
        .writeVarLong(a.lastSeenMillis());
    AttributeCodec.write(w, a.resource());
    return w.toByteArray();
  }

  private static AgentInfo decode(byte[] value) {
    BinaryReader r = new BinaryReader(value);
    int version = r.readByte();
    if (version != VERSION) {
      throw new IllegalStateException("agent value version " + version + " (expected: " + VERSION + ")");
    }
    return new AgentInfo(r.readString(), r.readString(), (int) r.readSignedVarLong(), r.readString(),
        r.readVarLong(), r.readVarLong(), r.readVarLong(), AttributeCodec.read(r));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
