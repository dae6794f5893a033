package io.pinscope.compat.shop;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * The shop's legacy service ({@code compat-tests/shop/README.md}): the hop protocol ({@link HopProtocol}) on
 * embedded Tomcat 9 with Apache HttpClient 4 as the client, the pair the real Pinpoint agent instruments with
 * its default plugins. It runs under that agent, never under OpenTelemetry, so what it propagates is Pinpoint's
 * {@code Pinpoint-*} headers only; its answer's {@code pinpoint} shows the ones it received (visible to the
 * app with {@code profiler.tomcat.hidepinpointheader=false}). Needs only Tomcat, HttpClient and this package on
 * its class path. Prints {@code READY <port>} once serving; exits when it cannot listen.
 */
public final class TomcatHopService {
  private TomcatHopService() {}

  public static void main(String[] args) throws IOException, LifecycleException {
    HopProtocol hop = HopProtocol.fromEnvironment();
    CloseableHttpClient client = HttpClients.custom()
        .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(5_000).setSocketTimeout(10_000).build())
        .setMaxConnPerRoute(16).setMaxConnTotal(64).build();

    File base = Files.createTempDirectory("tomcat-" + hop.service()).toFile();
    base.deleteOnExit();
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.getAbsolutePath());
    Connector connector = new Connector();
    connector.setPort(hop.port());
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", base.getAbsolutePath());
    Tomcat.addServlet(context, "hop", new HopServlet(hop, client));
    context.addServletMappingDecoded("/hop", "hop");
    tomcat.start();
    if (connector.getState() != LifecycleState.STARTED) {
      // Tomcat logs a connector that cannot bind and carries on; a shop service must not.
      System.err.println("cannot listen on 127.0.0.1:" + hop.port() + " (connector " + connector.getState() + ")");
      System.exit(1);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        tomcat.stop();
        client.close();
      } catch (LifecycleException | IOException e) {
        e.printStackTrace();
      }
    }, "hop-service-shutdown"));
    System.out.println("READY " + hop.port());
    System.out.flush();
    tomcat.getServer().await();
  }

  /** {@code GET /hop[?fail=NAME]}. */
  private static final class HopServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient HopProtocol hop;
    private final transient CloseableHttpClient client;

    HopServlet(HopProtocol hop, CloseableHttpClient client) {
      this.hop = hop;
      this.client = client;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String query = request.getQueryString();
      boolean fail = hop.failsOn(query);
      StringBuilder answers = new StringBuilder();
      if (!fail) {
        for (String d : hop.downstream()) {
          answers.append(answers.length() > 0 ? "," : "").append(call(HopProtocol.hopUrl(d, query)));
        }
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (String name : Collections.list(request.getHeaderNames())) {
        headers.put(name, request.getHeader(name));
      }
      int status = fail ? 500 : 200;
      byte[] body = hop.answer("java-pinpoint", status, headers, answers.toString())
          .getBytes(StandardCharsets.UTF_8);
      response.setStatus(status);
      response.setContentType("application/json");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }

    private String call(String url) {
      try (CloseableHttpResponse answer = client.execute(new HttpGet(url))) {
        String body = answer.getEntity() == null ? "" : EntityUtils.toString(answer.getEntity(), StandardCharsets.UTF_8);
        return HopProtocol.downstreamAnswer(url, answer.getStatusLine().getStatusCode(), body, null);
      } catch (IOException | RuntimeException e) {
        return HopProtocol.downstreamAnswer(url, 0, null, String.valueOf(e));
      }
    }
  }
}
