package io.pinscope.server;

import static io.pinscope.server.BrowserFixture.newSpanId;
import static io.pinscope.server.BrowserFixture.newTraceId;
import static io.pinscope.server.BrowserFixture.request;
import static io.pinscope.server.BrowserFixture.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import io.opentelemetry.proto.trace.v1.Span;
import io.pinscope.server.auth.TokenHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;

/**
 * The login page in headless Chromium against a live server with {@code --auth-tokens}: the UI opens on its login
 * page (the API answered 401), a wrong token is refused on the page, a read token opens the app (kept in
 * sessionStorage, sent as {@code Authorization: Bearer}) which lists the application; creating an alarm rule with
 * it shows the 403 and that an admin token is needed; signing out forgets the token and shows the login page; an
 * admin token saves the rule. Screenshots land in {@code target/screenshots}.
 */
class ITBrowserAuth extends WithBrowser {
  private static final String APP = "checkout";
  private static final String INGEST = "browser-ingest-token-0123456789";
  private static final String READ = "browser-read-token-0123456789";
  private static final String ADMIN = "browser-admin-token-0123456789";


  @BeforeAll
  void start() throws Exception {
    Path tokens = Files.createTempFile("pinscope-tokens", ".txt");
    Files.writeString(tokens, "ingest " + TokenHash.of(INGEST) + " test feed\nread " + TokenHash.of(READ)
        + " viewer\nadmin " + TokenHash.of(ADMIN) + " operator\n");
    fixture = BrowserFixture.start("--auth-tokens", tokens.toString());
    List<Span> spans = List.of(span(newTraceId(new ArrayList<>()), newSpanId(), 0, "GET /cart",
        Span.SpanKind.SPAN_KIND_SERVER, System.currentTimeMillis() * 1_000_000L, 12, false, 0x101).build());
    AggregatedHttpResponse sent = WebClient.of(fixture.otlp).execute(RequestHeaders.builder(HttpMethod.POST,
            "/v1/traces").contentType(MediaType.create("application", "x-protobuf"))
        .add(HttpHeaderNames.AUTHORIZATION, "Bearer " + INGEST).build(), request(APP, spans).toByteArray())
        .aggregate().join();
    assertThat(sent.status().code()).as(sent.contentUtf8()).isEqualTo(200);
  }

  @Test
  @Order(1)
  void theUiOpensOnItsLoginPage_andRefusesAWrongToken() throws Exception {
    fixture.open("map");
    fixture.waitFor(By.cssSelector("[data-testid=login]"));
    assertThat(fixture.browser.findElements(By.cssSelector("[data-testid=app]"))).as("the app waits behind the login")
        .isEmpty();
    fixture.screenshot("auth-1-login");
    fixture.waitFor(By.cssSelector("[data-testid=login-token]")).sendKeys("not-a-token-of-this-server");
    fixture.waitFor(By.cssSelector("[data-testid=login-submit]")).click();
    assertThat(fixture.waitFor(By.cssSelector("[data-testid=login-error]")).getText())
        .isEqualTo("This token is not valid on this server.");
    assertThat(sessionToken()).as("a refused token is not kept").isNull();
    fixture.screenshot("auth-2-wrong-token");
  }

  @Test
  @Order(2)
  void aReadToken_opensTheApp_butCannotSaveAnAlarmRule() throws Exception {
    fixture.open("map");
    signIn(READ);
    fixture.waitFor(By.xpath("//option[@data-testid='app-option' and starts-with(normalize-space(.), '" + APP + " (')]"));
    assertThat(sessionToken()).isEqualTo(READ);
    fixture.waitFor(By.cssSelector("[data-testid=logout]"));
    fixture.screenshot("auth-3-signed-in");

    fixture.open("alarms?application=" + APP);
    fixture.waitFor(By.cssSelector("[data-testid=rule-new]:not([disabled])")).click();
    fixture.waitFor(By.cssSelector("[data-testid=rule-name]")).sendKeys("cart errors");
    new Select(fixture.waitFor(By.cssSelector("[data-testid=rule-kind]"))).selectByValue("ERROR_RATE");
    fixture.waitFor(By.cssSelector("[data-testid=rule-threshold]")).sendKeys("10");
    fixture.waitFor(By.cssSelector("[data-testid=rule-save]")).click();
    String error = fixture.waitFor(By.cssSelector("[data-testid=rule-error]")).getText();
    assertThat(error).startsWith("403: not allowed with this token: changes need an admin token")
        .contains("role read");
    assertThat(fixture.browser.findElements(By.cssSelector("[data-testid=login]"))).as("403 keeps the session")
        .isEmpty();
    fixture.screenshot("auth-4-read-token-forbidden");
    assertThat(rules()).doesNotContain("cart errors");
  }

  @Test
  @Order(3)
  void signingOut_forgetsTheToken_andAnAdminTokenSavesTheRule() throws Exception {
    fixture.open("alarms?application=" + APP);
    fixture.waitFor(By.cssSelector("[data-testid=logout]")).click();
    fixture.waitFor(By.cssSelector("[data-testid=login]"));
    assertThat(sessionToken()).isNull();

    signIn(ADMIN);
    fixture.waitFor(By.cssSelector("[data-testid=rule-new]:not([disabled])")).click();
    fixture.waitFor(By.cssSelector("[data-testid=rule-name]")).sendKeys("cart errors");
    new Select(fixture.waitFor(By.cssSelector("[data-testid=rule-kind]"))).selectByValue("ERROR_RATE");
    fixture.waitFor(By.cssSelector("[data-testid=rule-threshold]")).sendKeys("10");
    fixture.waitFor(By.cssSelector("[data-testid=rule-save]")).click();
    fixture.waitFor(By.cssSelector("[data-testid=alarm-row][data-rule-name='cart errors']"));
    assertThat(rules()).contains("cart errors");
    fixture.screenshot("auth-5-admin-saved-rule");
  }

  private void signIn(String token) {
    fixture.waitFor(By.cssSelector("[data-testid=login-token]")).sendKeys(token);
    fixture.waitFor(By.cssSelector("[data-testid=login-submit]")).click();
    fixture.waitFor(By.cssSelector("[data-testid=app]"));
  }

  private Object sessionToken() {
    return ((JavascriptExecutor) fixture.browser).executeScript("return sessionStorage.getItem('pinscope.token');");
  }

  private String rules() {
    return WebClient.of(fixture.base).execute(RequestHeaders.builder(HttpMethod.GET, "/api/v1/alarms/rules")
        .add(HttpHeaderNames.AUTHORIZATION, "Bearer " + READ).build()).aggregate().join().contentUtf8();
  }
}
