package io.pinscope.otel.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The packaged jar (built by {@code package}, read in {@code integration-test}) is what the agent can load. */
class ITExtensionJar {
  private static final Path JAR = Paths.get("target", "pinscope-otel-extension.jar");

  @Test
  void classes_areJava8_andOnlyOurs() throws IOException {
    assertThat(JAR).exists();
    List<String> classes = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        assertThat(name).as("bundled entry").doesNotStartWith("io/opentelemetry/").doesNotStartWith("com/google/");
        if (name.endsWith(".class")) {
          classes.add(name);
          assertThat(name).startsWith("io/pinscope/otel/extension/");
          try (DataInputStream in = new DataInputStream(jar.getInputStream(entry))) {
            assertThat(in.readInt()).isEqualTo(0xCAFEBABE);
            in.readUnsignedShort();
            assertThat(in.readUnsignedShort()).as("class file major version of %s", name).isEqualTo(52);
          }
        }
      }
      assertThat(classes).contains("io/pinscope/otel/extension/PinpointPropagatorProvider.class",
          "io/pinscope/otel/extension/PinscopeCustomizerProvider.class");
      assertThat(service(jar, "io.opentelemetry.sdk.autoconfigure.spi.ConfigurablePropagatorProvider"))
          .containsExactly("io.pinscope.otel.extension.PinpointPropagatorProvider");
      assertThat(service(jar, "io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider"))
          .containsExactly("io.pinscope.otel.extension.PinscopeCustomizerProvider");
    }
    assertThat(Files.size(JAR)).isLessThan(100_000);
  }

  private static List<String> service(JarFile jar, String spi) throws IOException {
    JarEntry entry = jar.getJarEntry("META-INF/services/" + spi);
    assertThat(entry).as("service file for %s", spi).isNotNull();
    List<String> lines = new ArrayList<>();
    try (InputStream in = jar.getInputStream(entry);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.trim().isEmpty() && !line.startsWith("#")) {
          lines.add(line.trim());
        }
      }
    }
    return lines;
  }
}
