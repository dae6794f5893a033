package io.pinscope.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token file ({@code --auth-tokens FILE}; format in {@link Tokens}), re-read by {@link #reload} (which
 * {@link Auth} calls every second). A file that changed and parses replaces the tokens at once; a file that cannot
 * be read or parsed keeps the previous tokens and is logged once per distinct content, with the reason (a line
 * number, never a token). The file is compared by content, not modification time, so quick successive edits
 * within one timestamp tick are not missed.
 */
public final class TokenFile {
  private static final Logger logger = LoggerFactory.getLogger(TokenFile.class);

  private final Path path;
  private final AtomicReference<Tokens> tokens = new AtomicReference<>();
  private byte[] lastSeen; // Guarded by this: the content last read, good or bad.
  private @Nullable String lastProblem; // Guarded by this: why the file is unusable, logged once.

  private TokenFile(Path path, byte[] content, Tokens initial) {
    this.path = path;
    this.lastSeen = content;
    this.tokens.set(initial);
  }

  /**
   * Reads {@code path}.
   *
   * @throws IllegalArgumentException when the file cannot be read or parsed (the server must not start with
   *     auth meant on but no usable tokens)
   */
  public static TokenFile open(Path path) {
    byte[] content;
    try {
      content = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new IllegalArgumentException("auth-tokens: " + path + " cannot be read (" + e + ")", e);
    }
    try {
      Tokens tokens = Tokens.parse(new String(content, StandardCharsets.UTF_8));
      if (tokens.entries().isEmpty()) {
        logger.warn("auth-tokens: {} holds no token yet: every OTLP and API request is refused until one is added",
            path);
      }
      return new TokenFile(path, content, tokens);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("auth-tokens: " + path + ": " + e.getMessage(), e);
    }
  }

  /** The tokens now. */
  public Tokens tokens() {
    return tokens.get();
  }

  public Path path() {
    return path;
  }

  /** Re-reads the file; returns whether the tokens changed. */
  public synchronized boolean reload() {
    byte[] content;
    try {
      content = Files.readAllBytes(path);
    } catch (IOException e) {
      problem("cannot be read (" + e + ")");
      return false;
    }
    if (Arrays.equals(content, lastSeen)) {
      return false;
    }
    lastSeen = content;
    try {
      Tokens next = Tokens.parse(new String(content, StandardCharsets.UTF_8));
      tokens.set(next);
      lastProblem = null;
      logger.info("auth-tokens: {} reloaded: {} tokens", path, next.entries().size());
      return true;
    } catch (IllegalArgumentException e) {
      problem(e.getMessage() + "; the previous tokens stay in force");
      return false;
    }
  }

  private void problem(String why) {
    if (!why.equals(lastProblem)) {
      lastProblem = why;
      logger.warn("auth-tokens: {} {}", path, why);
    }
  }
}
