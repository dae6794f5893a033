package io.pinscope.compat.w3c;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.pinscope.compat.w3c.SuiteRun.Outcome;
import org.junit.jupiter.api.Test;

class SuiteRunTest {
  @Test
  void parse_readsEveryOutcomeWithOrWithoutADocstringLine() {
    String output = """
        STRICT_LEVEL: 2
        harness listening on http://127.0.0.1:7777
        test_multiple_requests_with_valid_traceparent (__main__.AdvancedTest.test_multiple_requests_with_valid_traceparent)
        harness sends a valid traceparent and asks vendor service to callback multiple times ... ok
        test_traceparent_duplicated (__main__.TraceContextTest.test_traceparent_duplicated)
        harness sends a request with two traceparent headers ... FAIL
        test_propagates_random_flag (__main__.TraceContext2Test) ... skipped 'Trace Context Level 2'
        test_tracestate_ows_handling (__main__.TraceContextTest)
        harness sends a request with a valid tracestate header with OWS ... ERROR

        ======================================================================
        FAIL: test_traceparent_duplicated (__main__.TraceContextTest.test_traceparent_duplicated)
        ----------------------------------------------------------------------
        Ran 4 tests in 0.381s

        FAILED (failures=1, errors=1, skipped=1)
        """;

    SuiteRun run = SuiteRun.parse(output);

    assertThat(run.ran()).isEqualTo(4);
    assertThat(run.outcomes()).containsExactly(
        entry("AdvancedTest.test_multiple_requests_with_valid_traceparent", Outcome.PASS),
        entry("TraceContextTest.test_traceparent_duplicated", Outcome.FAIL),
        entry("TraceContext2Test.test_propagates_random_flag", Outcome.SKIP),
        entry("TraceContextTest.test_tracestate_ows_handling", Outcome.ERROR));
  }

  @Test
  void parse_withoutRanLine_ranNothing() {
    assertThat(SuiteRun.parse("Traceback (most recent call last):\nModuleNotFoundError: aiohttp\n").ran()).isZero();
  }
}
