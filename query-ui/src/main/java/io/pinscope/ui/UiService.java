package io.pinscope.ui;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Serves the bundled web UI from the classpath ({@code /ui/}) at {@code /}. Hashed assets under
 * {@code /assets/} are cached for a year; {@code index.html} is never cached and answers every other
 * path without a file extension, so client routes and reloads work. {@code /api/...} paths that reach
 * this service are unknown API calls and answer 404 JSON instead of the page. Only files under the root are
 * served: a name with a {@code .} or {@code ..} segment, an empty segment, a backslash, a percent sign, a
 * colon or a control character (after Armeria has decoded the path) is 404 ({@link #insideRoot}). Every
 * answer carries {@link SecurityHeaders}.
 */
public final class UiService implements HttpService {
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  static final String NO_CACHE = "no-cache";
  private static final Map<String, MediaType> TYPES = Map.ofEntries(
      Map.entry("html", MediaType.HTML_UTF_8), Map.entry("js", MediaType.parse("text/javascript; charset=utf-8")),
      Map.entry("css", MediaType.CSS_UTF_8), Map.entry("json", MediaType.JSON_UTF_8),
      Map.entry("map", MediaType.JSON_UTF_8), Map.entry("svg", MediaType.SVG_UTF_8),
      Map.entry("png", MediaType.PNG), Map.entry("ico", MediaType.parse("image/x-icon")),
      Map.entry("woff2", MediaType.parse("font/woff2")), Map.entry("txt", MediaType.PLAIN_TEXT_UTF_8));

  private final ClassLoader loader;
  private final String root;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();

  /** The bundle the build put in this jar. */
  public UiService() {
    this(UiService.class.getClassLoader(), "ui");
  }

  UiService(ClassLoader loader, String root) {
    this.loader = loader;
    this.root = root;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      return HttpResponse.of(HttpStatus.METHOD_NOT_ALLOWED);
    }
    SecurityHeaders.apply(ctx);
    String path = ctx.path();
    if (path.startsWith("/api/")) {
      return HttpResponse.of(HttpStatus.NOT_FOUND, MediaType.JSON_UTF_8, "{\"error\":\"no such API: %s\"}",
          path.replace("\"", "%22").replace("\\", "%5C"));
    }
    String name = path.substring(1);
    if (extension(name) != null) { // a file: serve it or 404; extension-less paths are client routes
      byte[] body = insideRoot(name) ? read(name) : null;
      if (body == null) {
        return HttpResponse.of(HttpStatus.NOT_FOUND, MediaType.PLAIN_TEXT_UTF_8, "Not found: %s", path);
      }
      return file(name, body, name.startsWith("assets/") ? IMMUTABLE : NO_CACHE);
    }
    byte[] index = read("index.html");
    if (index == null) {
      return HttpResponse.of(HttpStatus.NOT_FOUND, MediaType.PLAIN_TEXT_UTF_8,
          "The web UI is not in this build (it was built with -Dskip.ui=true).");
    }
    return file("index.html", index, NO_CACHE);
  }

  /**
   * Whether {@code name} (the decoded path without its leading slash) names a file under the root: segments
   * that are neither empty, {@code .} nor {@code ..}, without a backslash, a percent sign (an encoding that
   * survived decoding), a colon or a control character. Bundle files never have any of those.
   */
  static boolean insideRoot(String name) {
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\\' || c == '%' || c == ':' || c < 0x20 || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static HttpResponse file(String name, byte[] body, String cacheControl) {
    String ext = extension(name);
    MediaType type = ext == null ? MediaType.OCTET_STREAM : TYPES.getOrDefault(ext, MediaType.OCTET_STREAM);
    ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.OK).contentType(type)
        .set("cache-control", cacheControl).build();
    return HttpResponse.of(headers, HttpData.wrap(body));
  }

  private static @Nullable String extension(String name) {
    int slash = name.lastIndexOf('/');
    int dot = name.lastIndexOf('.');
    return dot > slash + 1 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : null;
  }

  /** The file's bytes (read once, then kept: the bundle is a few hundred KB), or null if absent. */
  private byte @Nullable [] read(String name) {
    byte[] cached = files.get(name);
    if (cached != null) {
      return cached;
    }
    try (InputStream in = loader.getResourceAsStream(root + "/" + name)) {
      if (in == null) {
        return null;
      }
      byte[] bytes = in.readAllBytes();
      files.put(name, bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
