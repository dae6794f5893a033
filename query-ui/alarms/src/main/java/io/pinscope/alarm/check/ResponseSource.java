package io.pinscope.alarm.check;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.DbStatements;
import io.pinscope.model.Histogram;
import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.NodeCategory;
import io.pinscope.model.SelfKey;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SqlKey;
import io.pinscope.model.UriKey;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.servermap.HostMapResolver;
import io.pinscope.servermap.ResolvedLink;
import io.pinscope.storage.MapStatistics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a response checker's histograms come from: the statistics of a rule's application (its own, its calls
 * to the rule's callee, the rule's route, the rule's statement) in a window's slots.
 */
interface ResponseSource {
  /** The histograms of {@code rule} in {@code window}. */
  List<Histogram> read(AlarmRule rule, StatisticsWindow window);

  /** What the histograms count, plural, for messages: {@code "requests"}, {@code "calls to orders-db"}. */
  String noun(AlarmRule rule);

  /** The most characters of a target a message quotes. */
  int MAX_QUOTED = 80;

  /** The application's self histograms, every agent's. */
  static ResponseSource self(MapStatistics statistics) {
    requireNonNull(statistics, "statistics");
    return new ResponseSource() {
      @Override
      public List<Histogram> read(AlarmRule rule, StatisticsWindow w) {
        return histograms(statistics.readSelf(rule.application(), w.fromMillis(), w.toMillis()));
      }

      @Override
      public String noun(AlarmRule rule) {
        return "requests";
      }
    };
  }

  /**
   * The application's calls to the node named by the rule's target, out-links resolved through the host map as
   * the server map resolves them ({@link HostMapResolver}); links whose caller is a USER node are not the
   * application's calls. A virtual link (a host answered by several applications) counts whole for each.
   */
  static ResponseSource callee(MapStatistics statistics) {
    requireNonNull(statistics, "statistics");
    return new ResponseSource() {
      @Override
      public List<Histogram> read(AlarmRule rule, StatisticsWindow w) {
        String caller = rule.application();
        List<SlotValue<LinkKey>> raw = new ArrayList<>();
        boolean external = false;
        for (SlotValue<LinkKey> v : statistics.readOutLinks(caller, w.fromMillis(), w.toMillis())) {
          if (ServiceTypeRegistry.ofCode(v.key().callerTypeCode()).category() != NodeCategory.USER) {
            raw.add(v);
            external |= HostMapResolver.isExternalHost(v.key().calleeTypeCode());
          }
        }
        Set<HostMapping> mappings = new HashSet<>();
        if (external) { // as the map: the caller's host mappings and those recorded without a caller
          mappings.addAll(statistics.readHostMappings(caller, w.fromMillis(), w.toMillis()));
          mappings.addAll(statistics.readHostMappings("", w.fromMillis(), w.toMillis()));
        }
        List<Histogram> out = new ArrayList<>();
        for (ResolvedLink r : HostMapResolver.resolve(raw, mappings)) {
          if (r.link().key().calleeName().equals(rule.target())) {
            out.add(r.link().histogram());
          }
        }
        return out;
      }

      @Override
      public String noun(AlarmRule rule) {
        return "calls to " + quote(rule.target());
      }
    };
  }

  /** The URI statistics of the rule's route (exactly as the URI statistics show it). */
  static ResponseSource route(MapStatistics statistics) {
    requireNonNull(statistics, "statistics");
    return new ResponseSource() {
      @Override
      public List<Histogram> read(AlarmRule rule, StatisticsWindow w) {
        List<Histogram> out = new ArrayList<>();
        for (SlotValue<UriKey> v : statistics.readUris(rule.application(), w.fromMillis(), w.toMillis())) {
          if (v.key().route().equals(rule.target())) {
            out.add(v.histogram());
          }
        }
        return out;
      }

      @Override
      public String noun(AlarmRule rule) {
        return "requests of " + quote(rule.target());
      }
    };
  }

  /**
   * The SQL statistics of the rule's statement, over every database the application sent it to; the target
   * matches as given or once {@linkplain DbStatements#normalise normalised} (so a statement with its literals
   * may be pasted).
   */
  static ResponseSource statement(MapStatistics statistics) {
    requireNonNull(statistics, "statistics");
    return new ResponseSource() {
      @Override
      public List<Histogram> read(AlarmRule rule, StatisticsWindow w) {
        String target = requireNonNull(rule.target(), "target");
        String normalised = DbStatements.normalise(target);
        List<Histogram> out = new ArrayList<>();
        for (SlotValue<SqlKey> v : statistics.readSqls(rule.application(), w.fromMillis(), w.toMillis())) {
          String s = v.key().statement();
          if (s.equals(target) || s.equals(normalised)) {
            out.add(v.histogram());
          }
        }
        return out;
      }

      @Override
      public String noun(AlarmRule rule) {
        return "executions of " + quote(rule.target());
      }
    };
  }

  private static List<Histogram> histograms(List<SlotValue<SelfKey>> values) {
    List<Histogram> out = new ArrayList<>(values.size());
    values.forEach(v -> out.add(v.histogram()));
    return out;
  }

  /** A target as messages quote it, cut to {@link #MAX_QUOTED} characters. */
  private static String quote(@org.jspecify.annotations.Nullable String target) {
    String t = target == null ? "" : target;
    return t.length() <= MAX_QUOTED ? t : t.substring(0, MAX_QUOTED - 1) + "…";
  }
}
