package io.pinscope.model;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The statement a database call is counted under in the SQL statistics, the one rule the receiver's statistics
 * and the query side share. In order: {@code db.query.text} ▸ {@code db.statement}, {@link #normalise
 * normalised}; else {@code db.query.summary}; else the operation ({@code db.operation.name} ▸
 * {@code db.operation}) followed by the collection ({@code db.collection.name} ▸ {@code db.sql.table}); else the
 * span name. A cache's command (a {@code db.system} whose node is a CACHE, e.g. redis, memcached) keeps only
 * its command word, its arguments (keys, values) shown as one {@code ?}: {@code GET rec:u42} is {@code GET ?}.
 * Statements are cut to {@value #MAX_LENGTH} characters. Which spans are database calls is the server map's
 * rule ({@code MapContributions.databaseCall}), not this one's.
 */
public final class DbStatements {
  /** The statement every statement past an application's cap is folded into. */
  public static final String OTHER = "other";

  /** The longest statement kept, in characters. */
  public static final int MAX_LENGTH = 512;

  private static final Pattern STRING = Pattern.compile("'(?:[^']|'')*'");
  private static final Pattern HEX = Pattern.compile("\\b0[xX][0-9a-fA-F]+\\b");
  private static final Pattern NUMBER = Pattern.compile("(?<![\\w$.])-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?\\b");
  private static final Pattern IN_LIST = Pattern.compile("(?i)\\bIN\\s*\\(\\s*\\?(?:\\s*,\\s*\\?)*\\s*\\)");
  private static final Pattern SPACE = Pattern.compile("\\s+");

  /**
   * Statements repeat from call to call (prepared statements above all), and normalising is five regular
   * expressions: the receiver's statistics look each up on every database span. Bounded: past
   * {@value #MAX_MEMOISED} texts the memo starts over; texts longer than {@value #MAX_MEMOISED_LENGTH} chars
   * are not kept.
   */
  private static final int MAX_MEMOISED = 4096;
  private static final int MAX_MEMOISED_LENGTH = 2048;
  private static final ConcurrentHashMap<String, String> NORMALISED = new ConcurrentHashMap<>();

  /** The statement of a database call with attributes {@code a} and span name {@code spanName}. */
  public static String of(Attributes a, String spanName) {
    requireNonNull(a, "a");
    requireNonNull(spanName, "spanName");
    String text = Semconv.dbQueryText(a);
    if (text != null) {
      String system = Semconv.dbSystem(a);
      boolean cache = system != null && ServiceTypeRegistry.forDbSystem(system).category() == NodeCategory.CACHE;
      // A cache command is not memoised: its keys make nearly every text new (a memo would only churn), and
      // finding its first word is cheaper than a look-up.
      return cache ? command(text) : memoisedNormal(text);
    }
    String summary = Semconv.dbQuerySummary(a);
    if (summary != null) {
      return cut(collapse(summary));
    }
    String operation = Semconv.dbOperation(a);
    String collection = Semconv.dbCollection(a);
    if (operation != null && collection != null) {
      return cut(operation + " " + collection);
    } else if (operation != null) {
      return cut(operation);
    } else if (collection != null) {
      return cut(collection);
    }
    return cut(collapse(spanName));
  }

  /**
   * {@code statement} with string literals, hex and decimal numbers replaced by {@code ?}, an {@code IN} list of
   * placeholders by {@code IN (?)}, whitespace collapsed to single spaces, cut to {@value #MAX_LENGTH}.
   */
  public static String normalise(String statement) {
    requireNonNull(statement, "statement");
    String s = STRING.matcher(statement).replaceAll("?");
    s = HEX.matcher(s).replaceAll("?");
    s = NUMBER.matcher(s).replaceAll("?");
    s = IN_LIST.matcher(s).replaceAll("IN (?)");
    return cut(collapse(s));
  }

  /** A cache command's word, upper-cased, and {@code ?} for its arguments when it has any. */
  static String command(String text) {
    String s = text.strip();
    int end = 0;
    while (end < s.length() && !isSpace(s.charAt(end))) {
      end++;
    }
    // After strip() a space inside means an argument follows it.
    String word = s.substring(0, end).toUpperCase(Locale.ROOT);
    return cut(end == s.length() ? word : word + " ?");
  }

  /** The characters {@link #SPACE} matches ({@code \s}: space, tab, line feed, vertical tab, form feed, return). */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  private static String memoisedNormal(String text) {
    if (text.length() > MAX_MEMOISED_LENGTH) {
      return normalise(text);
    }
    String known = NORMALISED.get(text);
    if (known != null) {
      return known;
    }
    String result = normalise(text);
    if (NORMALISED.size() >= MAX_MEMOISED) {
      NORMALISED.clear();
    }
    NORMALISED.put(text, result);
    return result;
  }

  private static String collapse(String s) {
    return SPACE.matcher(s.strip()).replaceAll(" ");
  }

  private static String cut(String s) {
    return s.length() <= MAX_LENGTH ? s : s.substring(0, MAX_LENGTH);
  }

  private DbStatements() {}
}
