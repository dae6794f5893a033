package io.pinscope.storage;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.alarm.AlarmEvent;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.model.alarm.AlarmState;
import io.pinscope.model.alarm.DeliveryRecord;
import io.pinscope.model.alarm.Silence;
import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.RowKeys;
import io.pinscope.storage.spi.Scan;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@link AlarmStore} over {@code alarm_rules} (family {@code r}: the rule, {@code s}: its state; row
 * the rule id), {@code alarm_silences} ({@code s}; row the silence id) and {@code alarm_events} ({@code e}).
 * Alarm data is small (hundreds of rules, a few events a minute), so rows are not salted and listings by
 * application read every rule or silence and filter.
 *
 * <p>{@code alarm_events} holds three kinds of row: the event itself under {@code 'a' name(app) inv(time)
 * id}, with the event in qualifier {@code 00} and each delivery in its own qualifier {@code 01
 * finished(8) type target} (so deliveries to different channels finishing at once on different threads
 * never overwrite each other, the same outcome added twice is kept once, and they read back in the order
 * they finished); and two index rows whose value is that row key:
 * {@code 'r' name(ruleId) inv(time) id} and {@code 't' inv(time) id}. All three are written in one batch.
 *
 * <p>A stored value that cannot be decoded (written by a newer version, or no longer valid) is skipped by the
 * listings with a warning, so one bad row never hides the others; reading it by id throws
 * {@link IllegalStateException} (a server fault, not the caller's).
 */
final class AlarmTable implements AlarmStore {
  private static final System.Logger logger = System.getLogger(AlarmTable.class.getName());
  private static final String RULE = "r";
  private static final String STATE = "s";
  private static final String SILENCE = "s";
  private static final String EVENT = "e";
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] BODY = {0};
  private static final byte DELIVERY = 1;
  private static final byte BY_APPLICATION = 'a';
  private static final byte BY_RULE = 'r';
  private static final byte BY_TIME = 't';
  /** Cells read per scan when paging through events. */
  private static final int PAGE = 256;

  private final WideColumnStore store;
  /** Serialises rule deletion against state writes, and each compare-and-set. */
  private final Object stateLock = new Object();

  AlarmTable(WideColumnStore store) {
    this.store = store;
  }

  @Override
  public void putRule(AlarmRule rule) {
    store.write(new WriteBatch().put(Storage.ALARM_RULES, RULE, utf8(rule.id()), EMPTY, AlarmCodec.rule(rule)));
  }

  @Override
  public Optional<AlarmRule> rule(String id) {
    byte[] v = id.isEmpty() ? null : store.get(Storage.ALARM_RULES, RULE, utf8(id), EMPTY);
    return v == null ? Optional.empty() : Optional.of(readable("alarm rule", id, () -> AlarmCodec.rule(v)));
  }

  @Override
  public List<AlarmRule> rules() {
    return all(Storage.ALARM_RULES, RULE, AlarmCodec::rule, r -> true);
  }

  @Override
  public List<AlarmRule> rules(String application) {
    return all(Storage.ALARM_RULES, RULE, AlarmCodec::rule, r -> r.application().equals(application));
  }

  @Override
  public boolean deleteRule(String id) {
    synchronized (stateLock) {
      if (rule(id).isEmpty()) {
        return false;
      }
      byte[] row = utf8(id);
      WriteBatch batch = new WriteBatch().delete(Storage.ALARM_RULES, RULE, row, EMPTY)
          .delete(Storage.ALARM_RULES, STATE, row, EMPTY);
      // The rule's own silences go with it: they could never apply again.
      for (Silence s : silences()) {
        if (id.equals(s.ruleId())) {
          batch.delete(Storage.ALARM_SILENCES, SILENCE, utf8(s.id()), EMPTY);
        }
      }
      store.write(batch);
      return true;
    }
  }

  @Override
  public Optional<AlarmState> state(String ruleId) {
    byte[] v = ruleId.isEmpty() ? null : store.get(Storage.ALARM_RULES, STATE, utf8(ruleId), EMPTY);
    return v == null ? Optional.empty() : Optional.of(readable("alarm state", ruleId, () -> AlarmCodec.state(v)));
  }

  @Override
  public boolean putState(AlarmState state) {
    synchronized (stateLock) {
      return writeStateIfRuleExists(state);
    }
  }

  @Override
  public boolean replaceState(@Nullable AlarmState expected, AlarmState next) {
    if (expected != null && !expected.ruleId().equals(next.ruleId())) {
      throw new IllegalArgumentException(
          "expected.ruleId: " + expected.ruleId() + " (expected: " + next.ruleId() + ", next's rule)");
    }
    synchronized (stateLock) {
      if (!Objects.equals(state(next.ruleId()).orElse(null), expected)) {
        return false;
      }
      return writeStateIfRuleExists(next);
    }
  }

  private boolean writeStateIfRuleExists(AlarmState state) {
    byte[] row = utf8(state.ruleId());
    if (store.get(Storage.ALARM_RULES, RULE, row, EMPTY) == null) {
      return false;
    }
    store.write(new WriteBatch().put(Storage.ALARM_RULES, STATE, row, EMPTY, AlarmCodec.state(state)));
    return true;
  }

  @Override
  public void appendEvent(AlarmEvent event) {
    byte[] primary = eventRow(event);
    byte[] id = utf8(event.id());
    byte[] byRule = Keys.name(new BinaryWriter(64).writeByte(BY_RULE), event.ruleId())
        .writeLong(Keys.invert(event.timeMillis())).writeBytes(id).toByteArray();
    byte[] byTime = new BinaryWriter(32).writeByte(BY_TIME).writeLong(Keys.invert(event.timeMillis()))
        .writeBytes(id).toByteArray();
    WriteBatch batch = new WriteBatch()
        .put(Storage.ALARM_EVENTS, EVENT, primary, BODY, AlarmCodec.event(event))
        .put(Storage.ALARM_EVENTS, EVENT, byRule, EMPTY, primary)
        .put(Storage.ALARM_EVENTS, EVENT, byTime, EMPTY, primary);
    for (DeliveryRecord d : event.deliveries()) {
      addDelivery(batch, primary, d);
    }
    store.write(batch);
  }

  @Override
  public void addDelivery(AlarmEvent event, DeliveryRecord delivery) {
    requireNonNull(delivery, "delivery");
    WriteBatch batch = new WriteBatch();
    addDelivery(batch, eventRow(event), delivery);
    store.write(batch);
  }

  private static void addDelivery(WriteBatch batch, byte[] row, DeliveryRecord d) {
    byte[] qualifier = new BinaryWriter(64).writeByte(DELIVERY).writeLong(d.finishedMillis())
        .writeString(d.channel().type().name()).writeString(d.channel().target()).toByteArray();
    batch.put(Storage.ALARM_EVENTS, EVENT, row, qualifier, AlarmCodec.delivery(d));
  }

  private static byte[] eventRow(AlarmEvent e) {
    return Keys.name(new BinaryWriter(64).writeByte(BY_APPLICATION), e.application())
        .writeLong(Keys.invert(e.timeMillis())).writeBytes(utf8(e.id())).toByteArray();
  }

  @Override
  public List<AlarmEvent> events(EventQuery q) {
    List<AlarmEvent> out = new ArrayList<>();
    if (q.ruleId() != null) {
      byte[] prefix = Keys.name(new BinaryWriter(64).writeByte(BY_RULE), q.ruleId()).toByteArray();
      readIndex(prefix, q, out);
    } else if (q.application() != null) {
      byte[] prefix = Keys.name(new BinaryWriter(64).writeByte(BY_APPLICATION), q.application()).toByteArray();
      byte[] start = timeKey(prefix, q.toMillis() - 1);
      byte[] stop = RowKeys.prefixEnd(timeKey(prefix, q.fromMillis()));
      for (List<Cell> row : new RowPager(start, stop)) {
        addEvent(row, q, out);
        if (out.size() >= q.limit()) {
          break;
        }
      }
    } else {
      readIndex(new byte[] {BY_TIME}, q, out);
    }
    return out;
  }

  /** Follows index rows under {@code prefix} to their events. */
  private void readIndex(byte[] prefix, EventQuery q, List<AlarmEvent> out) {
    byte[] start = timeKey(prefix, q.toMillis() - 1);
    byte[] stop = RowKeys.prefixEnd(timeKey(prefix, q.fromMillis()));
    for (List<Cell> pointer : new RowPager(start, stop)) {
      byte[] primary = pointer.get(0).value();
      addEvent(store.getRow(Storage.ALARM_EVENTS, EVENT, primary), q, out);
      if (out.size() >= q.limit()) {
        return;
      }
    }
  }

  /**
   * Adds the event of one primary row when it matches (a row whose event cell expired is skipped, as is one
   * that cannot be decoded, with a warning).
   */
  private static void addEvent(List<Cell> row, EventQuery q, List<AlarmEvent> out) {
    if (row.isEmpty() || !Arrays.equals(row.get(0).qualifier(), BODY)) {
      return;
    }
    AlarmEvent e;
    try {
      List<DeliveryRecord> deliveries = new ArrayList<>(row.size() - 1);
      for (int i = 1; i < row.size(); i++) {
        deliveries.add(AlarmCodec.delivery(row.get(i).value()));
      }
      e = AlarmCodec.event(row.get(0).value(), deliveries);
    } catch (RuntimeException ex) {
      logger.log(System.Logger.Level.WARNING, "Skipped an unreadable alarm event (row "
          + Arrays.toString(row.get(0).row()) + "): " + ex);
      return;
    }
    if ((q.application() == null || q.application().equals(e.application()))
        && (q.ruleId() == null || q.ruleId().equals(e.ruleId()))) {
      out.add(e);
    }
  }

  private static byte[] timeKey(byte[] prefix, long time) {
    return new BinaryWriter(prefix.length + 8).writeBytes(prefix).writeLong(Keys.invert(time)).toByteArray();
  }

  /**
   * The rows of {@code alarm_events} in {@code [start, stop)}, each whole (its cells in qualifier order),
   * read a page of cells at a time: a row cut by the page end is read again from its start by the next page.
   */
  private final class RowPager implements Iterable<List<Cell>> {
    private final byte[] start;
    private final byte[] stop;

    RowPager(byte[] start, byte[] stop) {
      this.start = start;
      this.stop = stop;
    }

    @Override
    public Iterator<List<Cell>> iterator() {
      return new Iterator<>() {
        private byte[] next = start;
        private int page = PAGE;
        private final ArrayDeque<List<Cell>> rows = new ArrayDeque<>();
        private boolean exhausted;

        @Override
        public boolean hasNext() {
          while (rows.isEmpty() && !exhausted) {
            fill();
          }
          return !rows.isEmpty();
        }

        @Override
        public List<Cell> next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return rows.removeFirst();
        }

        private void fill() {
          List<Cell> cells = store.scan(new Scan(Storage.ALARM_EVENTS, EVENT, next, stop, false, page));
          List<List<Cell>> grouped = new ArrayList<>();
          for (Cell c : cells) {
            if (grouped.isEmpty() || !Arrays.equals(last(grouped).get(0).row(), c.row())) {
              grouped.add(new ArrayList<>());
            }
            last(grouped).add(c);
          }
          if (cells.size() < page) {
            exhausted = true;
            rows.addAll(grouped);
            return;
          }
          // The page ended inside the last row, or at its end: read it again whole with the next page.
          List<Cell> cut = grouped.remove(grouped.size() - 1);
          next = cut.get(0).row();
          if (grouped.isEmpty()) {
            page *= 2; // one row larger than a page
          }
          rows.addAll(grouped);
        }
      };
    }
  }

  private static <T> T last(List<T> list) {
    return list.get(list.size() - 1);
  }

  @Override
  public void putSilence(Silence silence) {
    store.write(new WriteBatch().put(Storage.ALARM_SILENCES, SILENCE, utf8(silence.id()), EMPTY,
        AlarmCodec.silence(silence)));
  }

  @Override
  public Optional<Silence> silence(String id) {
    byte[] v = id.isEmpty() ? null : store.get(Storage.ALARM_SILENCES, SILENCE, utf8(id), EMPTY);
    return v == null ? Optional.empty() : Optional.of(readable("silence", id, () -> AlarmCodec.silence(v)));
  }

  @Override
  public List<Silence> silences() {
    return all(Storage.ALARM_SILENCES, SILENCE, AlarmCodec::silence, s -> true);
  }

  @Override
  public List<Silence> silences(String application) {
    return all(Storage.ALARM_SILENCES, SILENCE, AlarmCodec::silence, s -> s.application().equals(application));
  }

  @Override
  public boolean deleteSilence(String id) {
    if (silence(id).isEmpty()) {
      return false;
    }
    store.write(new WriteBatch().delete(Storage.ALARM_SILENCES, SILENCE, utf8(id), EMPTY));
    return true;
  }

  private <T> List<T> all(String table, String family, Function<byte[], T> decode, Predicate<T> keep) {
    List<T> out = new ArrayList<>();
    int read = 0;
    for (Cell c : store.scan(new Scan(table, family, new byte[] {0}, EMPTY, false, MAX_LIST))) {
      read++;
      T t;
      try {
        t = decode.apply(c.value());
      } catch (RuntimeException e) {
        logger.log(System.Logger.Level.WARNING, "Skipped an unreadable value in " + table + " (row "
            + new String(c.row(), StandardCharsets.UTF_8) + "): " + e);
        continue;
      }
      if (keep.test(t)) {
        out.add(t);
      }
    }
    if (read >= MAX_LIST) {
      logger.log(System.Logger.Level.WARNING, table + " holds more than " + MAX_LIST
          + " values; only the first " + MAX_LIST + " by id were read");
    }
    return out;
  }

  /** {@code decode}'s value; a failure as an {@link IllegalStateException} naming what could not be read. */
  private static <T> T readable(String what, String id, Supplier<T> decode) {
    try {
      return decode.get();
    } catch (RuntimeException e) {
      throw new IllegalStateException("stored " + what + " " + id + " is unreadable: " + e.getMessage(), e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
