package io.pinscope.server.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code pinscope hash-token}: reads a token on standard input (surrounding white space and the final newline
 * ignored) and prints its hash line {@code sha256:<64 hex>}, to be put in the token file after a role:
 * {@code echo -n "$TOKEN" | pinscope hash-token}. The token itself is never printed.
 */
public final class HashTokenCommand {
  /** The command's name. */
  public static final String NAME = "hash-token";
  /** Tokens shorter than this are refused: a token is a random secret, not a password. */
  static final int MIN_LENGTH = 16;
  private static final int MAX_LENGTH = 4096;

  private HashTokenCommand() {}

  public static String usage() {
    return """
        Usage: java -jar pinscope.jar hash-token < token-file
               openssl rand -base64 32 | tee token.txt | java -jar pinscope.jar hash-token
          Reads one token (16..4096 characters, no spaces) on standard input and prints sha256:<64 hex>, its
          line for the --auth-tokens file, after a role: ingest (OTLP), read (API GET) or admin (the whole API):
            ingest sha256:9f86d08...  payments hosts
        """;
  }

  /**
   * Checks the command's arguments (after its name): none, the token comes on standard input.
   *
   * @throws IllegalArgumentException naming the first argument
   */
  public static String[] parse(String[] args) {
    if (args.length > 0) {
      // Never echoed: the argument may well be the token itself.
      throw new IllegalArgumentException("arguments: " + args.length + " (expected: none; the token is read from "
          + "standard input, never from the command line where ps and shell history would see it)");
    }
    return args;
  }

  /** Runs the command; returns the process exit code (2 for a bad token, with the reason on {@code err}). */
  public static int run(InputStream in, PrintStream out, PrintStream err) {
    String token;
    try {
      token = new String(in.readNBytes(MAX_LENGTH + 2), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      err.println("pinscope " + NAME + ": cannot read standard input: " + e.getMessage());
      return 1;
    }
    String problem = token.length() < MIN_LENGTH ? "token: " + token.length() + " characters (expected: at least "
        + MIN_LENGTH + "; e.g. openssl rand -base64 32)"
        : token.length() > MAX_LENGTH ? "token: over " + MAX_LENGTH + " characters (expected: one token)"
        : token.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))
            ? "token: contains white space or control characters (expected: one token on one line)" : null;
    if (problem != null) {
      err.println("pinscope " + NAME + ": " + problem);
      return 2;
    }
    out.println(TokenHash.of(token));
    return 0;
  }
}
