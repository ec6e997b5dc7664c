package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.testing.redis.JvmProcess;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import dev.strata.jcache.testing.redis.TlsMaterial;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strata against a TLS-only Redis whose only user is an ACL user: the right settings work end to
 * end; each wrong one fails at {@code createCache} with a message that says which it was, and no
 * password shows in any message or log line.
 */
class RedisSecurityTest {
  static final String WRONG_PASSWORD = "Wr0ng-Pa55-xyzzy";

  @RegisterExtension
  static final RedisExtension<RedisServer> redis = RedisExtension.tls();

  @Test
  void anAclUserWorksOverTls() {
    RedisServer server = redis.get();
    try (CacheManager manager = secure(server).open("tls-works")) {
      Cache<String, Integer> cache = manager.createCache("scores",
          new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));

      cache.put("ada", 1);
      assertEquals(Integer.valueOf(1), cache.get("ada"));
      EntryProcessor<String, Integer, Integer> increment = (entry, arguments) -> {
        entry.setValue(entry.getValue() + 1);
        return entry.getValue();
      };
      assertEquals(Integer.valueOf(2), cache.invoke("ada", increment));
      assertTrue(cache.putIfAbsent("grace", 5));
      assertEquals(Integer.valueOf(2), cache.get("ada"));
      assertEquals(Integer.valueOf(5), cache.get("grace"));
    }
    // The entries are in the server itself, reached over TLS as the same ACL user.
    Object keys = server.call("KEYS", "strata:tls-works:*");
    assertEquals(2, ((List<?>) keys).size(), keys::toString);
  }

  @Test
  void aWrongPasswordIsReportedWithoutShowingIt() {
    RedisServer server = redis.get();
    SecureManagers settings = secure(server).login(server.username(), WRONG_PASSWORD);

    CacheException failure = failsToCreateACache(settings, "wrong-password");

    assertContains(failure.getMessage(), "Redis refused the username or password (WRONGPASS)");
    assertNoSecretIn(failure, WRONG_PASSWORD, server.password());
  }

  @Test
  void noLoginIsReportedAsNeeded() {
    RedisServer server = redis.get();
    SecureManagers settings = SecureManagers.at(server.uri())
        .trust(server.tlsMaterial().trustStore().toString(),
            server.tlsMaterial().trustStorePassword());

    CacheException failure = failsToCreateACache(settings, "no-login");

    assertContains(failure.getMessage(), "Redis requires a login (NOAUTH)");
  }

  @Test
  void aCertificateFromAnotherCaIsReportedAsNotTrusted(@TempDir Path directory) {
    RedisServer server = redis.get();
    TlsMaterial otherCa = TlsMaterial.generate(directory.resolve("other-ca"));
    SecureManagers settings = SecureManagers.at(server.uri())
        .login(server.username(), server.password())
        .trust(otherCa.trustStore().toString(), otherCa.trustStorePassword());

    CacheException failure = failsToCreateACache(settings, "untrusted");

    assertContains(failure.getMessage(), "the server's TLS certificate is not trusted: the CA"
        + " that signed it is not in strata.redis.trust-store (" + otherCa.trustStore() + ")");
    assertNoSecretIn(failure, server.password(), otherCa.trustStorePassword());
  }

  @Test
  void aPlainClientOfATlsServerIsToldToUseTls() {
    RedisServer server = redis.get();
    SecureManagers settings = SecureManagers.at("redis://" + server.host() + ":" + server.port())
        .login(server.username(), server.password()).impatient();

    CacheException failure = failsToCreateACache(settings, "plain-client");

    assertContains(failure.getMessage(), "Redis did not answer within 1000 ms; if the server"
        + " accepts only TLS connections, use rediss:// addresses");
    assertNoSecretIn(failure, server.password());
  }

  @Test
  void anAddressWhereNothingListensIsReported() {
    RedisServer server = redis.get();
    int port = server.port();
    server.stop();
    try {
      CacheException failure = failsToCreateACache(secure(server).impatient(), "nothing");
      assertContains(failure.getMessage(), "nothing is listening at [rediss://127.0.0.1:" + port
          + "] (connection refused)");
    } finally {
      server.restart();
    }
  }

  @Test
  void settingsNeverShowPasswords() {
    var settings = dev.strata.jcache.configuration.RedisSettings.standalone(
        "redis://app:" + WRONG_PASSWORD + "@127.0.0.1:6379", "shown");

    assertEquals("Redis standalone [redis://127.0.0.1:6379], database 0, namespace shown",
        settings.toString());
    assertEquals(List.of(WRONG_PASSWORD), settings.secrets());
  }

  /**
   * Every failure above, in a JVM whose Redisson and Netty log at DEBUG, so that all they say
   * about connecting and logging in is printed: no password is among it.
   */
  @Test
  void noPasswordReachesTheLogs() {
    RedisServer server = redis.get();
    List<String> arguments = new ArrayList<>(List.of(server.uri(), server.username(),
        server.password(), WRONG_PASSWORD, server.tlsMaterial().trustStore().toString(),
        server.tlsMaterial().trustStorePassword()));
    try (JvmProcess probe = JvmProcess.start(List.of(
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug"), SecurityProbe.class,
        arguments.toArray(String[]::new))) {
      assertTrue(probe.waitFor(Duration.ofSeconds(60)), probe::output);
      String output = probe.output();
      assertEquals(0, probe.exitCode(), output);
      assertContains(output, SecurityProbe.DONE);
      // The logs were live, at DEBUG, and saw the logins: else their silence would prove nothing.
      assertContains(output, "DEBUG dev.strata.shaded.redisson");
      assertContains(output, "Redis refused the username or password");
      for (String secret : List.of(server.password(), WRONG_PASSWORD,
          server.tlsMaterial().trustStorePassword())) {
        assertFalse(output.contains(secret), () -> "a secret is in the log " + probe);
      }
    }
  }

  private static SecureManagers secure(RedisServer server) {
    return SecureManagers.at(server.uri())
        .login(server.username(), server.password())
        .trust(server.tlsMaterial().trustStore().toString(),
            server.tlsMaterial().trustStorePassword());
  }

  private static CacheException failsToCreateACache(SecureManagers settings, String namespace) {
    try (CacheManager manager = settings.open(namespace)) {
      return assertThrows(CacheException.class, () -> manager.createCache("c",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class)));
    }
  }

  private static void assertContains(String text, String expected) {
    assertTrue(text != null && text.contains(expected),
        () -> "expected \"" + expected + "\" in:\n" + text);
  }

  /** No message, cause, suppressed failure or trace of {@code failure} holds a secret. */
  static void assertNoSecretIn(Throwable failure, String... secrets) {
    var trace = new java.io.StringWriter();
    failure.printStackTrace(new java.io.PrintWriter(trace));
    for (String secret : secrets) {
      assertFalse(trace.toString().contains(secret), () -> "a secret is in:\n" + trace);
    }
  }
}
