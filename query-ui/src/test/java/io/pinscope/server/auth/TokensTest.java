package io.pinscope.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.server.auth.TokenRole.Access;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token file's format, lookups, roles, reloads (a bad file keeps the previous tokens) and hash-token. */
class TokensTest {
  private static final String TOKEN = "s3cret-token-0123456789";

  @Test
  void parse_readsRolesHashesAndNames_skippingCommentsAndBlankLines() {
    Tokens tokens = Tokens.parse("# comment\n\ningest " + TokenHash.of(TOKEN) + " payments  hosts\r\n"
        + "  admin   " + TokenHash.of("other-token-0123456789").toUpperCase().replace("SHA256", "sha256") + "\n");
    assertThat(tokens.entries()).hasSize(2);
    assertThat(tokens.entries().get(0).role()).isEqualTo(TokenRole.INGEST);
    assertThat(tokens.entries().get(0).name()).isEqualTo("payments  hosts");
    assertThat(tokens.entries().get(1).name()).isEmpty();
    assertThat(tokens.find(TOKEN)).isSameAs(tokens.entries().get(0));
    assertThat(tokens.find("other-token-0123456789")).isSameAs(tokens.entries().get(1));
    assertThat(tokens.find(TOKEN + "x")).isNull();
    assertThat(tokens.find("")).isNull();
  }

  @Test
  void parse_namesTheBadLineAndWhatWasExpected_neverEchoingAToken() {
    assertThatThrownBy(() -> Tokens.parse("ingest " + TokenHash.of(TOKEN) + "\nreader " + TokenHash.of(TOKEN)))
        .hasMessage("line 2: role: reader (expected one of [ingest, read, admin])");
    assertThatThrownBy(() -> Tokens.parse("\n\nread " + TOKEN))
        .hasMessageStartingWith("line 3: hash: <23 characters, not starting with sha256:> (expected: sha256: and 64")
        .hasMessageNotContaining(TOKEN);
    assertThatThrownBy(() -> Tokens.parse("admin sha256:abc")).hasMessageStartingWith("line 1: hash: sha256:<3 characters>");
    assertThatThrownBy(() -> Tokens.parse("admin")).hasMessageStartingWith("line 1: 1 field (expected: <role>");
  }

  @Test
  void roles_grantIngestOnlyToIngest_readToReadAndAdmin_andChangesToAdmin() {
    assertThat(TokenRole.INGEST.grants(Access.INGEST)).isTrue();
    assertThat(TokenRole.INGEST.grants(Access.READ)).isFalse();
    assertThat(TokenRole.READ.grants(Access.INGEST)).isFalse();
    assertThat(TokenRole.READ.grants(Access.READ)).isTrue();
    assertThat(TokenRole.READ.grants(Access.ADMIN)).isFalse();
    assertThat(TokenRole.ADMIN.grants(Access.INGEST)).isFalse();
    assertThat(TokenRole.ADMIN.grants(Access.READ)).isTrue();
    assertThat(TokenRole.ADMIN.grants(Access.ADMIN)).isTrue();
  }

  @Test
  void reload_takesAGoodFile_andKeepsThePreviousTokensOnABadOrMissingOne(@TempDir Path dir) throws Exception {
    Path path = dir.resolve("tokens");
    Files.writeString(path, "read " + TokenHash.of(TOKEN) + "\n");
    TokenFile file = TokenFile.open(path);
    assertThat(file.reload()).as("unchanged").isFalse();

    Files.writeString(path, "admin " + TokenHash.of(TOKEN) + "\n");
    assertThat(file.reload()).isTrue();
    assertThat(file.tokens().find(TOKEN).role()).isEqualTo(TokenRole.ADMIN);

    Files.writeString(path, "admin " + TokenHash.of(TOKEN) + "\nsuperuser " + TokenHash.of("x") + "\n");
    assertThat(file.reload()).isFalse();
    assertThat(file.tokens().find(TOKEN).role()).as("the previous tokens").isEqualTo(TokenRole.ADMIN);
    Files.delete(path);
    assertThat(file.reload()).isFalse();
    assertThat(file.tokens().find(TOKEN).role()).isEqualTo(TokenRole.ADMIN);

    Files.writeString(path, "");
    assertThat(file.reload()).isTrue();
    assertThat(file.tokens().find(TOKEN)).as("an empty file: no token").isNull();
  }

  @Test
  void open_refusesAMissingOrBadFile() {
    assertThatThrownBy(() -> TokenFile.open(Path.of("/no/such/tokens")))
        .hasMessageStartingWith("auth-tokens: /no/such/tokens cannot be read");
  }

  @Test
  void hashToken_printsTheSha256Line_andRefusesAShortToken() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = HashTokenCommand.run(new ByteArrayInputStream((TOKEN + "\n").getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(TokenHash.of(TOKEN) + System.lineSeparator())
        .matches("sha256:[0-9a-f]{64}\\R");
    assertThat(Tokens.parse("ingest " + out.toString(StandardCharsets.UTF_8)).find(TOKEN)).isNotNull();
    // The SHA-256 of "abc", a published test vector.
    assertThat(TokenHash.of("abc")).isEqualTo(
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    out.reset();
    assertThat(HashTokenCommand.run(new ByteArrayInputStream("short".getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
        .isEqualTo(2);
    assertThat(out.size()).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("token: 5 characters (expected: at least 16");
    assertThatThrownBy(() -> HashTokenCommand.parse(new String[] {TOKEN}))
        .hasMessageStartingWith("arguments: 1 (expected: none").hasMessageNotContaining(TOKEN);
  }
}
