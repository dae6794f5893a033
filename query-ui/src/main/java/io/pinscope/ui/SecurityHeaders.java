package io.pinscope.ui;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * Browser hardening on every answer of the UI and the query API: a {@code Content-Security-Policy} that lets
 * the page load only its own scripts, styles, images and API calls (no inline script, no eval, no plugins,
 * no framing, no foreign form targets), and {@code X-Content-Type-Options: nosniff} so that an API body is
 * never sniffed into HTML or script. The bundled UI needs nothing more: Vite emits external module scripts and
 * stylesheets, React sets styles through the DOM (which {@code style-src} does not govern) and the scatter
 * plot draws on a canvas. Add it with {@link #DECORATOR}; {@link UiService} applies it itself.
 */
public final class SecurityHeaders {
  /** The policy: same-origin only, {@code data:} images allowed (icons), nothing inline. */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
      + " form-action 'self'; frame-ancestors 'none'";

  /** A decorator adding the headers to whatever the decorated service answers. */
  public static final DecoratingHttpServiceFunction DECORATOR = SecurityHeaders::serve;

  private SecurityHeaders() {}

  /** Sets the headers on {@code ctx}'s response (kept whatever the service answers, errors included). */
  static void apply(ServiceRequestContext ctx) {
    ctx.setAdditionalResponseHeader("content-security-policy", CONTENT_SECURITY_POLICY);
    ctx.setAdditionalResponseHeader("x-content-type-options", "nosniff");
  }

  private static HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
      throws Exception {
    apply(ctx);
    return delegate.serve(ctx, req);
  }
}
