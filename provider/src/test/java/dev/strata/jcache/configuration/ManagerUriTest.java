package dev.strata.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which manager URIs name a file Strata reads: those naming a resource the JVM can open
 * ({@code jar:}, {@code http:}, ...) are read, and fail naming the URI when they cannot be;
 * those whose scheme has no URL handler are merely names.
 */
class ManagerUriTest {
  private final CachingProvider provider = Caching.getCachingProvider();
  private final ClassLoader loader = getClass().getClassLoader();
  private final List<CacheManager> opened = new ArrayList<>();

  @AfterEach
  void closeManagers() {
    opened.forEach(CacheManager::close);
  }

  private CacheManager open(String uri) {
    CacheManager manager = provider.getCacheManager(URI.create(uri), loader);
    opened.add(manager);
    return manager;
  }

  private void assertRejectedNaming(String uri, String... parts) {
    CacheException failure = assertThrows(CacheException.class, () -> open(uri));
    String message = failure.getMessage();
    assertTrue(message.contains(uri), () -> "'" + message + "' should name " + uri);
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "'" + message + "' should mention '" + part + "'");
    }
  }

  /** A real jar holding the test resource {@code resource} as {@code entry}. */
  private Path jarWith(Path dir, String entry, String resource) throws IOException {
    Path jar = dir.resolve("app config.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        InputStream in = loader.getResourceAsStream(resource)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
    return jar;
  }

  private static String jarUri(Path jar, String entry) {
    return "jar:" + jar.toUri() + "!/" + entry;
  }

  @Test
  void aJarFileUriReadsTheFileInsideTheJar(@TempDir Path dir) throws IOException {
    String uri = jarUri(jarWith(dir, "cache/app.conf", "config/valid.conf"), "cache/app.conf");
    CacheManager manager = open(uri);
    assertEquals(URI.create(uri), manager.getURI());
    assertNotNull(manager.getCache("users", String.class, Integer.class));
    @SuppressWarnings({"unchecked", "rawtypes"})
    var configuration = (StrataConfiguration<?, ?>) manager.getCache("users")
        .getConfiguration((Class) StrataConfiguration.class);
    assertEquals(500L, configuration.getMaximumSize());
  }

  @Test
  void aJarUriOfAMissingEntryIsRejectedNamingIt(@TempDir Path dir) throws IOException {
    assertRejectedNaming(jarUri(jarWith(dir, "cache/app.conf", "config/valid.conf"),
        "cache/absent.conf"), "cannot be read");
  }

  @Test
  void aJarUriOfAMissingJarIsRejectedNamingIt(@TempDir Path dir) {
    assertRejectedNaming(jarUri(dir.resolve("absent.jar"), "strata.conf"), "cannot be read");
  }

  @Test
  void aMistakeInsideAJarNamesTheJarUriAndLine(@TempDir Path dir) throws IOException {
    String uri = jarUri(jarWith(dir, "app.conf", "config/malformed.conf"), "app.conf");
    assertRejectedNaming(uri, "app.conf:");
  }

  @Test
  void aJarUriWhoseInnerUrlTheJvmCannotOpenIsRejectedNamingIt() {
    // Spring Boot's jar:nested: URIs open only where its launcher has registered the nested:
    // handler (java -jar app.jar); anywhere else they must fail, not be taken for a name
    assertRejectedNaming("jar:nested:/srv/app.jar/!BOOT-INF/classes/!/strata.conf",
        "cannot be opened");
  }

  @Test
  void anHttpUriReadsWhatTheServerAnswers() throws IOException {
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] file;
    try (InputStream in = loader.getResourceAsStream("config/valid.conf")) {
      file = in.readAllBytes();
    }
    server.createContext("/strata.conf", exchange -> {
      exchange.sendResponseHeaders(200, file.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(file);
      }
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      CacheManager manager = open(base + "/strata.conf");
      assertNotNull(manager.getCache("users", String.class, Integer.class));
      assertRejectedNaming(base + "/absent.conf", "cannot be read", "404");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anHttpUriNobodyAnswersIsRejectedNamingIt() throws IOException {
    int port;
    try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    assertRejectedNaming("http://127.0.0.1:" + port + "/strata.conf", "cannot be read");
  }

  @Test
  void aUriWhoseSchemeHasNoUrlHandlerIsMerelyAName() {
    for (String name : List.of("strata:orders", "test:dev.strata.SomeTest", "urn:strata:orders",
        "orders", "write-through-race:ns:42")) {
      CacheManager manager = open(name);
      assertEquals(URI.create(name), manager.getURI());
      assertEquals(Set.of(), toSet(manager.getCacheNames()), name);
    }
  }

  @Test
  void theConfigPropertyMayNameAJarUriForNamedManagers(@TempDir Path dir) throws IOException {
    String uri = jarUri(jarWith(dir, "strata.conf", "config/valid.conf"), "strata.conf");
    String before = System.getProperty(DeclaredCaches.CONFIG_PROPERTY);
    System.setProperty(DeclaredCaches.CONFIG_PROPERTY, uri);
    try {
      assertNotNull(open("strata:orders").getCache("users", String.class, Integer.class));
      System.setProperty(DeclaredCaches.CONFIG_PROPERTY, "strata:elsewhere");
      CacheException failure = assertThrows(CacheException.class, () -> open("strata:other"));
      assertTrue(failure.getMessage().contains("-Dstrata.config=strata:elsewhere"),
          failure::getMessage);
    } finally {
      if (before == null) {
        System.clearProperty(DeclaredCaches.CONFIG_PROPERTY);
      } else {
        System.setProperty(DeclaredCaches.CONFIG_PROPERTY, before);
      }
    }
  }

  private static Set<String> toSet(Iterable<String> names) {
    var set = new java.util.TreeSet<String>();
    names.forEach(set::add);
    return set;
  }
}
