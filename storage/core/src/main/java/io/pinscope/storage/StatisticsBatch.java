package io.pinscope.storage;

import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotExample;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SqlKey;
import io.pinscope.model.UriKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Statistics to add in one {@link MapStatistics#write} call: self histograms, link histograms (written
 * to both the caller's out-links and the callee's in-links), host-map entries, URI-statistics and
 * SQL-statistics histograms, each in a 1-minute slot, and example transactions of routes, statements and
 * out-links. Not thread-safe.
 */
public final class StatisticsBatch {
  private final List<SlotValue<SelfKey>> self = new ArrayList<>();
  private final List<SlotValue<LinkKey>> links = new ArrayList<>();
  private final List<SlotMapping> hostMappings = new ArrayList<>();
  private final List<SlotValue<UriKey>> uris = new ArrayList<>();
  private final List<SlotValue<SqlKey>> sqls = new ArrayList<>();
  private final List<SlotExample<UriKey>> uriExamples = new ArrayList<>();
  private final List<SlotExample<SqlKey>> sqlExamples = new ArrayList<>();
  private final List<SlotExample<LinkKey>> linkExamples = new ArrayList<>();

  /** A host-map entry seen in a slot. */
  public record SlotMapping(long slotMillis, HostMapping mapping) {}

  public StatisticsBatch addSelf(SlotValue<SelfKey> value) {
    self.add(value);
    return this;
  }

  public StatisticsBatch addLink(SlotValue<LinkKey> value) {
    links.add(value);
    return this;
  }

  public StatisticsBatch addHostMapping(long slotMillis, HostMapping mapping) {
    hostMappings.add(new SlotMapping(SlotValue.slotOf(slotMillis), mapping));
    return this;
  }

  public StatisticsBatch addUri(SlotValue<UriKey> value) {
    uris.add(value);
    return this;
  }

  public List<SlotValue<SelfKey>> self() {
    return Collections.unmodifiableList(self);
  }

  public List<SlotValue<LinkKey>> links() {
    return Collections.unmodifiableList(links);
  }

  public List<SlotMapping> hostMappings() {
    return Collections.unmodifiableList(hostMappings);
  }

  public StatisticsBatch addSql(SlotValue<SqlKey> value) {
    sqls.add(value);
    return this;
  }

  public List<SlotValue<SqlKey>> sqls() {
    return Collections.unmodifiableList(sqls);
  }

  public List<SlotValue<UriKey>> uris() {
    return Collections.unmodifiableList(uris);
  }

  /** An example transaction of a route; the latest written per (slot, key) is kept. */
  public StatisticsBatch addUriExample(SlotExample<UriKey> example) {
    uriExamples.add(example);
    return this;
  }

  /** An example transaction of a statement; the latest written per (slot, key) is kept. */
  public StatisticsBatch addSqlExample(SlotExample<SqlKey> example) {
    sqlExamples.add(example);
    return this;
  }

  /** An example transaction of a link, kept on the caller's side only (out-links). */
  public StatisticsBatch addLinkExample(SlotExample<LinkKey> example) {
    linkExamples.add(example);
    return this;
  }

  public List<SlotExample<UriKey>> uriExamples() {
    return Collections.unmodifiableList(uriExamples);
  }

  public List<SlotExample<SqlKey>> sqlExamples() {
    return Collections.unmodifiableList(sqlExamples);
  }

  public List<SlotExample<LinkKey>> linkExamples() {
    return Collections.unmodifiableList(linkExamples);
  }

  public boolean isEmpty() {
    return self.isEmpty() && links.isEmpty() && hostMappings.isEmpty() && uris.isEmpty() && sqls.isEmpty()
        && uriExamples.isEmpty() && sqlExamples.isEmpty() && linkExamples.isEmpty();
  }
}
