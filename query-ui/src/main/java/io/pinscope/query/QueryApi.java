package io.pinscope.query;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Default;
import com.linecorp.armeria.server.annotation.ExceptionHandler;
import com.linecorp.armeria.server.annotation.ExceptionHandlerFunction;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Param;
import io.pinscope.model.AgentInfo;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.MetricValue;
import io.pinscope.model.TraceId;
import io.pinscope.query.Params.Range;
import io.pinscope.query.host.HostQueries;
import io.pinscope.storage.AgentMetrics;
import io.pinscope.storage.ApplicationRegistry;
import io.pinscope.storage.LogRepository;
import io.pinscope.storage.Storage;
import io.pinscope.storage.TraceRepository.StoredTrace;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST query API under {@code /api/v1}, exactly as {@code query-ui/API.md} specifies it. Storage reads
 * block, so every method runs on Armeria's blocking executor. Errors: a bad parameter
 * ({@link IllegalArgumentException}) answers 400 {@code {"error": message}}; an unknown trace, TxId or agent
 * 404; anything else 500 with one warn log.
 *
 * <p>Limits: server map and scatter ranges at most {@value #MAP_MAX_DAYS} days, agent metrics
 * {@value #METRICS_MAX_DAYS} days; scatter limit 1..10000 (default 5000); transactions limit 1..500
 * (default 100); URI and SQL statistics {@value StatisticsRange#MAX_DAYS} days (hourly roll-ups past
 * {@value StatisticsRange#MINUTE_MAX_DAYS}), limit 1..500 (default 50); depths 1..4. Agent
 * metrics answer one series per (name, attributes) with points {@code [time, value]}: gauges and sums as
 * read (sums are deltas), histograms as their average ({@code sum / count}; points with count 0 are left
 * out); at most {@link AgentMetrics#MAX_POINTS} points ({@code truncated: true} when cut).
 */
@Blocking
@ExceptionHandler(QueryApi.ErrorHandler.class)
public final class QueryApi {
  /** The longest server-map and scatter range, in days. */
  public static final int MAP_MAX_DAYS = 2;
  /** The longest agent-metrics range, in days. */
  public static final int METRICS_MAX_DAYS = 42;
  /** The most log records a trace view shows. */
  static final int MAX_TRACE_LOGS = 1_000;

  private static final Logger logger = LoggerFactory.getLogger(QueryApi.class);
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-fA-F]{32}");

  private final Storage storage;
  private final MapQueries maps;
  private final ScatterQueries scatter;
  private final Clock clock;
  private final long noDataMillis;
  private final UriQueries uris;
  private final SqlQueries sqls;
  private final HostQueries hosts;
  private final ExternalQueries externals;
  private final LiveQueries live;

  private QueryApi(Storage storage, Clock clock, Duration noData) {
    this.storage = storage;
    this.clock = clock;
    this.noDataMillis = noData.toMillis();
    this.maps = new MapQueries(storage);
    this.scatter = new ScatterQueries(storage);
    this.uris = new UriQueries(storage);
    this.sqls = new SqlQueries(storage);
    this.hosts = new HostQueries(storage);
    this.externals = new ExternalQueries(storage, maps);
    this.live = new LiveQueries(storage, LiveQueries.DEFAULT_MAX_DOTS);
  }

  /** Mounts the API on {@code sb} (every port of it), reading {@code storage}. */
  public static void configure(ServerBuilder sb, Storage storage) {
    requireNonNull(sb, "sb");
    requireNonNull(storage, "storage");
    configure(sb, storage, Clock.systemUTC(), Duration.ofMillis(AgentList.DEFAULT_NO_DATA_MILLIS));
  }

  /**
   * As {@link #configure(ServerBuilder, Storage)}; {@code clock} is "now" for agent status, and an agent not
   * seen for {@code noData} is {@code NO_DATA}.
   */
  public static void configure(ServerBuilder sb, Storage storage, Clock clock, Duration noData) {
    requireNonNull(sb, "sb");
    requireNonNull(storage, "storage");
    requireNonNull(clock, "clock");
    if (noData.isNegative() || noData.isZero()) {
      throw new IllegalArgumentException("noData: " + noData + " (expected: > 0)");
    }
    sb.annotatedService("/api/v1", new QueryApi(storage, clock, noData));
    io.pinscope.query.alarm.AlarmApi.configure(sb, storage, clock);
  }

  /** Applications sorted by name. */
  @Get("/applications")
  public HttpResponse applications() {
    List<Map<String, Object>> out = new ArrayList<>();
    storage.applications().applications().stream()
        .sorted(Comparator.comparing(ApplicationRegistry.Application::name))
        .forEach(a -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("name", a.name());
          m.put("serviceType", a.serviceType().name());
          m.put("serviceTypeCode", a.serviceType().code());
          out.add(m);
        });
    return json(out);
  }

  /**
   * Agents of an application with runtime, SDK, status and resource ({@link AgentList}); with
   * {@code from}/{@code to}, those seen in that range (±5 min).
   */
  @Get("/applications/{app}/agents")
  public HttpResponse agents(@Param("app") String app, @Param("from") @Default("") String from,
      @Param("to") @Default("") String to) {
    @Nullable Range r = from.isEmpty() && to.isEmpty() ? null : Params.range(from, to, METRICS_MAX_DAYS);
    List<Map<String, Object>> out = new ArrayList<>();
    long now = clock.millis();
    for (AgentInfo a : maps.agentsSeen(app, r)) {
      out.add(AgentList.row(a, r == null ? null : r.from(), r == null ? null : r.to(), now, noDataMillis));
    }
    return json(out);
  }

  /** URI statistics: one row per route of {@code app}, sorted, bounded, with the folded count. */
  @Get("/applications/{app}/uri-stats")
  public HttpResponse uris(@Param("app") String app, @Param("from") @Default("") String from,
      @Param("to") @Default("") String to, @Param("sort") @Default("") String sort,
      @Param("limit") @Default("") String limit) {
    StatisticsSummary s = StatisticsSummary.parse(from, to, sort, limit);
    return json(uris.summary(app, s.range(), s.sort(), s.limit()));
  }

  /** One route's per-bucket series. */
  @Get("/applications/{app}/uri-stats/series")
  public HttpResponse uriSeries(@Param("app") String app, @Param("route") @Default("") String route,
      @Param("from") @Default("") String from, @Param("to") @Default("") String to) {
    String name = Params.required("route", route);
    return json(uris.series(app, name, StatisticsRange.parse(from, to)));
  }

  /** SQL statistics: one row per statement (and database) of {@code app}, sorted, bounded, with the folded count. */
  @Get("/applications/{app}/sql-stats")
  public HttpResponse sqls(@Param("app") String app, @Param("from") @Default("") String from,
      @Param("to") @Default("") String to, @Param("sort") @Default("") String sort,
      @Param("limit") @Default("") String limit) {
    StatisticsSummary s = StatisticsSummary.parse(from, to, sort, limit);
    return json(sqls.summary(app, s.range(), s.sort(), s.limit()));
  }

  /** External-host statistics: one row per host without an agent that {@code app} called, sorted, bounded. */
  @Get("/applications/{app}/external-stats")
  public HttpResponse externals(@Param("app") String app, @Param("from") @Default("") String from,
      @Param("to") @Default("") String to, @Param("sort") @Default("") String sort,
      @Param("limit") @Default("") String limit) {
    StatisticsSummary s = StatisticsSummary.parse(from, to, sort, limit);
    Params.range(from, to, MAP_MAX_DAYS); // external-stats reads the 1-minute slots only
    return json(externals.summary(app, s.range().range(), s.sort(), s.limit()));
  }

  /**
   * The real-time view at the injected clock's now: active requests per live agent and the live figures over
   * the last {@code windowSeconds} (1..{@value LiveQueries#MAX_WINDOW_SECONDS}, default 10) ending
   * {@code lagSeconds} ago (0..{@value LiveQueries#MAX_LAG_SECONDS}, default
   * {@value LiveQueries#DEFAULT_LAG_SECONDS}) ({@link LiveQueries}).
   */
  @Get("/applications/{app}/active")
  public HttpResponse active(@Param("app") String app, @Param("windowSeconds") @Default("") String windowSeconds,
      @Param("lagSeconds") @Default("") String lagSeconds) {
    int window = Params.intIn("windowSeconds", windowSeconds, 10, 1, LiveQueries.MAX_WINDOW_SECONDS);
    int lag = Params.intIn("lagSeconds", lagSeconds, LiveQueries.DEFAULT_LAG_SECONDS, 0, LiveQueries.MAX_LAG_SECONDS);
    return json(live.active(app, window, lag, clock.millis(), noDataMillis));
  }

  /** The parameters of a URI-, SQL- or external-host-statistics summary. */
  private record StatisticsSummary(StatisticsRange range, UriQueries.Sort sort, int limit) {
    static StatisticsSummary parse(String from, String to, String sort, String limit) {
      return new StatisticsSummary(StatisticsRange.parse(from, to), UriQueries.Sort.parse("sort", sort),
          Params.intIn("limit", limit, 50, 1, UriQueries.MAX_ROWS));
    }
  }

  /** The server map. */
  @Get("/servermap")
  public HttpResponse serverMap(@Param("application") @Default("") String application,
      @Param("from") @Default("") String from, @Param("to") @Default("") String to,
      @Param("inbound") @Default("") String inbound, @Param("outbound") @Default("") String outbound,
      @Param("bidirectional") @Default("") String bidirectional) {
    String app = Params.required("application", application);
    Range r = Params.range(from, to, MAP_MAX_DAYS);
    int in = Params.intIn("inbound", inbound, 1, 1, 4);
    int out = Params.intIn("outbound", outbound, 1, 1, 4);
    Boolean bi = Params.optionalBoolean("bidirectional", bidirectional);
    return json(maps.serverMap(app, r, in, out, bi != null && bi));
  }

  /** One node's histogram, load series and instances. */
  @Get("/servermap/node")
  public HttpResponse node(@Param("application") @Default("") String application,
      @Param("key") @Default("") String key, @Param("from") @Default("") String from,
      @Param("to") @Default("") String to) {
    Params.required("application", application);
    NodeKey k = NodeKey.parse("key", Params.required("key", key));
    return json(maps.node(k, Params.range(from, to, MAP_MAX_DAYS)));
  }

  /** One link's histogram and load series. */
  @Get("/servermap/link")
  public HttpResponse link(@Param("application") @Default("") String application,
      @Param("from") @Default("") String from, @Param("to") @Default("") String to,
      @Param("source") @Default("") String source, @Param("target") @Default("") String target) {
    Params.required("application", application);
    NodeKey s = NodeKey.parse("source", Params.required("source", source));
    NodeKey t = NodeKey.parse("target", Params.required("target", target));
    return json(maps.link(s, t, Params.range(from, to, MAP_MAX_DAYS)));
  }

  /** Scatter dots, newest first, filtered (agent, error, elapsed, route) and paged. */
  @Get("/scatter")
  public HttpResponse scatter(@Param("application") @Default("") String application,
      @Param("from") @Default("") String from, @Param("to") @Default("") String to,
      @Param("limit") @Default("") String limit, @Param("cursor") @Default("") String cursor,
      @Param("agentId") @Default("") String agentId, @Param("error") @Default("") String error,
      @Param("minElapsed") @Default("") String minElapsed, @Param("maxElapsed") @Default("") String maxElapsed,
      @Param("route") @Default("") String route) {
    String app = Params.required("application", application);
    Range r = Params.range(from, to, MAP_MAX_DAYS);
    int n = Params.intIn("limit", limit, 5_000, 1, 10_000);
    return json(scatter.scatter(app, r, n, Params.optional(cursor),
        filter(agentId, error, minElapsed, maxElapsed, route)));
  }

  /** The transactions of a selection box. */
  @Get("/transactions")
  public HttpResponse transactions(@Param("application") @Default("") String application,
      @Param("from") @Default("") String from, @Param("to") @Default("") String to,
      @Param("limit") @Default("") String limit, @Param("agentId") @Default("") String agentId,
      @Param("error") @Default("") String error, @Param("minElapsed") @Default("") String minElapsed,
      @Param("maxElapsed") @Default("") String maxElapsed, @Param("route") @Default("") String route) {
    String app = Params.required("application", application);
    Range r = Params.range(from, to, MAP_MAX_DAYS);
    int n = Params.intIn("limit", limit, 100, 1, ScatterQueries.MAX_TRANSACTIONS);
    return json(scatter.transactions(app, r, n, filter(agentId, error, minElapsed, maxElapsed, route)));
  }

  /** One trace by 32-hex trace id, else by Pinpoint TxId. */
  @Get("/traces/{id}")
  public HttpResponse trace(@Param("id") String id) {
    TraceId traceId;
    if (TRACE_ID.matcher(id).matches()) {
      traceId = TraceId.fromHex(id);
    } else {
      traceId = storage.traces().findByTransactionId(id)
          .orElseThrow(() -> new NotFoundException("trace: " + id + " (no trace has this id or TxId)"));
    }
    StoredTrace trace = storage.traces().find(traceId);
    if (trace.spans().isEmpty()) {
      throw new NotFoundException("trace: " + id + " (no span stored)");
    }
    LogRepository logs = storage.logs();
    Map<String, Optional<Integer>> types = new HashMap<>();
    return json(TraceView.render(trace, logs.findByTrace(traceId, MAX_TRACE_LOGS),
        app -> types.computeIfAbsent(app, this::registeredType).orElse(null)));
  }

  /** An agent's metric series. */
  @Get("/agents/{agentId}/metrics")
  public HttpResponse metrics(@Param("agentId") String agentId, @Param("from") @Default("") String from,
      @Param("to") @Default("") String to) {
    Range r = Params.range(from, to, METRICS_MAX_DAYS);
    List<MetricPoint> points = storage.metrics().read(agentId, r.from(), r.to(), AgentMetrics.MAX_POINTS);
    if (points.isEmpty() && storage.applications().agent(agentId).isEmpty()) {
      throw new NotFoundException("agentId: " + agentId + " (no such agent)");
    }
    Map<List<Object>, Map<String, Object>> series = new LinkedHashMap<>();
    for (MetricPoint p : points) {
      Double value = scalar(p.value());
      Map<String, Object> s = series.computeIfAbsent(List.of(p.name(), p.attributes()), k -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("unit", p.unit());
        m.put("kind", p.kind().name());
        m.put("attributes", Json.attributes(p.attributes()));
        m.put("points", new ArrayList<List<Object>>());
        return m;
      });
      if (value != null) {
        @SuppressWarnings("unchecked")
        List<List<Object>> list = (List<List<Object>>) s.get("points");
        list.add(List.of(p.epochMillis(), value));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("series", new ArrayList<>(series.values()));
    out.put("truncated", points.size() >= AgentMetrics.MAX_POINTS);
    return json(out);
  }

  /**
   * The application inspector: every metric series of the application's agents, avg/min/max per bucket;
   * ranges at most {@value InspectorQueries#MAX_DAYS} days, at most {@value InspectorQueries#MAX_SERIES}
   * series ({@link InspectorQueries}).
   */
  @Get("/applications/{app}/inspector")
  public HttpResponse inspector(@Param("app") String app, @Param("from") @Default("") String from,
      @Param("to") @Default("") String to, @Param("name") @Default("") String name) {
    Range r = Params.range(from, to, InspectorQueries.MAX_DAYS);
    return json(new InspectorQueries(storage, maps, clock).application(app, r, Params.optional(name)));
  }

  /**
   * The agent inspector: the agent's curated panels and generic series ({@link InspectorQueries#agent});
   * ranges at most {@value #METRICS_MAX_DAYS} days; an unknown agent is 404.
   */
  @Get("/agents/{agentId}/inspector")
  public HttpResponse agentInspector(@Param("agentId") String agentId, @Param("from") @Default("") String from,
      @Param("to") @Default("") String to) {
    Range r = Params.range(from, to, METRICS_MAX_DAYS);
    return json(new InspectorQueries(storage, maps, clock).agent(agentId, r));
  }

  /** The hosts that sent host metrics, by name, with the agents on each ({@link HostQueries}). */
  @Get("/hosts")
  public HttpResponse hosts() {
    return json(hosts.hosts());
  }

  /**
   * A host's CPU, memory, network and disk panels; ranges at most {@value HostQueries#MAX_DAYS} days,
   * bucketed as the node load series; 404 for a host that sent no host metrics.
   */
  @Get("/hosts/{host}/metrics")
  public HttpResponse hostMetrics(@Param("host") String host, @Param("from") @Default("") String from,
      @Param("to") @Default("") String to) {
    Range r = Params.range(from, to, HostQueries.MAX_DAYS);
    return json(hosts.metrics(host, r.from(), r.to(), Params.bucketMillis(r))
        .orElseThrow(() -> new NotFoundException("host: " + host + " (no host metrics received from it)")));
  }

  /** A point's value as the agent metrics and the inspector read it; null when it has none. */
  static @Nullable Double scalar(MetricValue v) {
    if (v instanceof MetricValue.Scalar s) {
      return Double.isFinite(s.value()) ? s.value() : null;
    } else if (v instanceof MetricValue.HistogramValue h) {
      return h.count() == 0 ? null : h.sum() / h.count();
    } else if (v instanceof MetricValue.ExponentialHistogramValue e) {
      return e.count() == 0 ? null : e.sum() / e.count();
    }
    return null;
  }

  /** The type code of a registered application. */
  private Optional<Integer> registeredType(String application) {
    return storage.applications().applications().stream().filter(x -> x.name().equals(application)).findFirst()
        .map(x -> x.serviceType().code());
  }

  private static ScatterQueries.Filter filter(String agentId, String error, String minElapsed, String maxElapsed,
      String route) {
    Long min = Params.optionalMillis("minElapsed", minElapsed);
    Long max = Params.optionalMillis("maxElapsed", maxElapsed);
    if (min != null && max != null && max < min) {
      throw new IllegalArgumentException("maxElapsed: " + max + " (expected: >= minElapsed " + min + ")");
    }
    return new ScatterQueries.Filter(Params.optional(agentId), Params.optionalBoolean("error", error), min, max,
        Params.optional(route));
  }

  static HttpResponse json(Object body) {
    return json(HttpStatus.OK, body);
  }

  static HttpResponse json(HttpStatus status, Object body) {
    return JsonAnswers.of(status, body);
  }

  /** An unknown id: answered 404. */
  static final class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFoundException(String message) {
      super(message, null, false, false);
    }
  }

  /** 400 for bad parameters, 404 for unknown ids, 500 (one warn log) for anything else. */
  static final class ErrorHandler implements ExceptionHandlerFunction {
    @Override
    public HttpResponse handleException(ServiceRequestContext ctx, HttpRequest req, Throwable cause) {
      if (cause instanceof IllegalArgumentException) {
        return json(HttpStatus.BAD_REQUEST, Map.of("error", String.valueOf(cause.getMessage())));
      }
      if (cause instanceof NotFoundException) {
        return json(HttpStatus.NOT_FOUND, Map.of("error", String.valueOf(cause.getMessage())));
      }
      if (cause instanceof HttpStatusException) {
        return ExceptionHandlerFunction.fallthrough();
      }
      logger.warn("query failed: {} {}", req.method(), ctx.path(), cause);
      return json(HttpStatus.INTERNAL_SERVER_ERROR, Map.of("error", "internal error"));
    }
  }
}
