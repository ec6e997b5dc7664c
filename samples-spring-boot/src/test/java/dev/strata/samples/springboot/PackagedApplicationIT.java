package dev.strata.samples.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The repackaged application run as a user runs it, {@code java -jar}: Spring Boot then hands
 * Strata a {@code jar:nested:} URI of the file inside the jar, which Strata must read. Run by
 * failsafe after {@code package}, which passes the jar's path.
 */
class PackagedApplicationIT {
  @Test
  void thePackagedApplicationReadsItsStrataFileFromInsideTheJar() throws Exception {
    String jarProperty = System.getProperty("strata.sample.jar");
    assertNotNull(jarProperty, "strata.sample.jar should name the packaged application (the"
        + " failsafe configuration of samples-spring-boot sets it)");
    Path jar = Path.of(jarProperty);
    assertTrue(Files.isRegularFile(jar), jar + " should exist after package");

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path output = Files.createTempFile("strata-spring-boot-sample", ".log");
    try {
      Process process = new ProcessBuilder(java.toString(), "-jar", jar.toString())
          .redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("java -jar " + jar + " did not finish in 120 s:\n"
            + read(output));
      }
      String printed = read(output);
      assertEquals(0, process.exitValue(), printed);

      List<String> lines = printed.lines().toList();
      String uri = lines.stream().filter(line -> line.startsWith("manager URI: ")).findFirst()
          .orElseThrow(() -> new AssertionError("no manager URI in:\n" + printed))
          .substring("manager URI: ".length());
      assertTrue(uri.startsWith("jar:nested:") && uri.contains(jar.getFileName().toString())
          && uri.endsWith("!BOOT-INF/classes/!/cache/books.conf"), uri);
      assertTrue(printed.contains("cache 'books' as declared: String -> Book, maximum-size 1000"),
          printed);
      assertEquals(List.of(1, 1, 2, 2), lines.stream()
          .filter(line -> line.contains("(catalogue lookups: "))
          .map(line -> Integer.valueOf(line.replaceAll(".*\\(catalogue lookups: (\\d+)\\)", "$1")))
          .toList(), printed);
      assertTrue(printed.contains("cache statistics: 2 hits, 2 misses"), printed);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
