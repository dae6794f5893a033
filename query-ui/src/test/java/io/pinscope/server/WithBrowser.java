package io.pinscope.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The lifecycle the browser tests share: one instance per class, tests in {@code @Order}, one
 * {@link BrowserFixture} that a subclass starts in its {@code @BeforeAll} and that is closed after the last test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class WithBrowser {
  /** Set by the subclass's {@code @BeforeAll} (null only if starting it failed, when no test runs). */
  BrowserFixture fixture;

  @AfterAll
  final void closeBrowser() {
    if (fixture != null) {
      fixture.close();
    }
  }
}
