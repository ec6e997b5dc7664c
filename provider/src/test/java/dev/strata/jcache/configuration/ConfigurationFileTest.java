package dev.strata.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationFileTest {
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

  /** Opens a manager over a file expected to be rejected, and returns the rejection. */
  private CacheException rejected(String uri) {
    return assertThrows(CacheException.class, () -> open(uri));
  }

  private static void assertMentions(Throwable failure, String... parts) {
    String message = failure.getMessage();
    assertNotNull(message);
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "'" + message + "' should mention '" + part + "'");
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static StrataConfiguration<?, ?> configurationOf(Cache<?, ?> cache) {
    return (StrataConfiguration<?, ?>) cache.getConfiguration((Class) StrataConfiguration.class);
  }

  @Test
  void declaredCachesGetTheirOwnSettingsOverTheDefaults() {
    CacheManager manager = open("classpath:config/valid.conf");

    Cache<String, Integer> users = manager.getCache("users", String.class, Integer.class);
    assertNotNull(users);
    StrataConfiguration<?, ?> config = configurationOf(users);
    ExpiryPolicy expiry = config.getExpiryPolicyFactory().create();
    assertAll(
        () -> assertFalse(config.isStoreByValue()),
        () -> assertTrue(config.isStatisticsEnabled(), "statistics come from the defaults"),
        () -> assertFalse(config.isReadThrough()),
        () -> assertEquals(500, config.getMaximumSize()),
        () -> assertEquals(-1, config.getMaximumWeight()),
        () -> assertEquals(new Duration(TimeUnit.MILLISECONDS, 600_000),
            expiry.getExpiryForCreation(), "creation comes from the defaults"),
        () -> assertNull(expiry.getExpiryForUpdate(), "unchanged is a null duration"),
        () -> assertEquals(new Duration(TimeUnit.MILLISECONDS, 300_000),
            expiry.getExpiryForAccess()));

    Integer value = 1_000_000;
    users.put("a", value);
    assertEquals(value, users.get("a"));
  }

  @Test
  void aDeclaredLoaderServesReadThrough() {
    CacheManager manager = open("classpath:config/valid.conf");
    Cache<Object, Object> sessions = manager.getCache("sessions");
    StrataConfiguration<?, ?> config = configurationOf(sessions);
    assertAll(
        () -> assertTrue(config.isReadThrough()),
        () -> assertTrue(config.isStoreByValue()),
        () -> assertFalse(config.isStatisticsEnabled(), "the cache's own setting wins"),
        () -> assertEquals(Duration.ETERNAL,
            config.getExpiryPolicyFactory().create().getExpiryForCreation()));

    assertEquals("ABC", sessions.get("abc"));
    assertTrue(sessions.containsKey("abc"), "a loaded value is cached");
  }

  @Test
  void aDeclaredWeigherAndCodecAreUsed() {
    CacheManager manager = open("classpath:config/valid.conf");
    Cache<Object, Object> weighted = manager.getCache("weighted");
    StrataConfiguration<?, ?> config = configurationOf(weighted);
    assertEquals(1000, config.getMaximumWeight());
    assertEquals(-1, config.getMaximumSize());
    assertTrue(config.getWeigherFactory().create() instanceof LengthWeigher);

    int before = CountingCodec.ENCODINGS.get();
    weighted.put("k", new StringBuilder("mutable, so it is encoded"));
    assertTrue(CountingCodec.ENCODINGS.get() > before, "the declared codec encodes values");
    assertEquals("mutable, so it is encoded", weighted.get("k").toString());
  }

  @Test
  void anUndeclaredCacheIsAbsent() {
    CacheManager manager = open("classpath:config/valid.conf");
    assertNull(manager.getCache("undeclared"));
    assertNull(manager.getCache("undeclared", String.class, Integer.class));
  }

  @Test
  void declaredTypesAreChecked() {
    CacheManager manager = open("classpath:config/valid.conf");
    assertThrows(ClassCastException.class,
        () -> manager.getCache("users", Integer.class, String.class));
  }

  @Test
  void aFileUriReadsThatFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("strata-app.conf");
    try (InputStream in = loader.getResourceAsStream("config/valid.conf")) {
      Files.copy(in, file);
    }
    CacheManager manager = open(file.toUri().toString());
    assertNotNull(manager.getCache("users", String.class, Integer.class));
    assertNull(manager.getCache("undeclared"));
  }

  @Test
  void aMissingFileUriIsRejected(@TempDir Path dir) {
    Path file = dir.resolve("absent.conf");
    CacheException failure = rejected(file.toUri().toString());
    assertMentions(failure, file.toString(), "not found");
  }

  @Test
  void aMissingClassPathFileIsRejected() {
    CacheException failure = rejected("classpath:config/absent.conf");
    assertMentions(failure, "classpath:config/absent.conf", "not found");
  }

  @Test
  void malformedSyntaxIsRejectedWithItsFileAndLine() {
    CacheException failure = rejected("classpath:config/malformed.conf");
    assertMentions(failure, "malformed.conf: 7", "expecting a close");
  }

  @Test
  void aValueOfTheWrongTypeIsRejected() {
    CacheException failure = rejected("classpath:config/wrong-type.conf");
    assertMentions(failure, "wrong-type.conf:4", "strata.caches.users.maximum-size", "lots",
        "expected a whole number");
  }

  @Test
  void allowedClassesAndTheMaximumValueSizeAreRead() {
    CacheManager manager = open("classpath:config/value-safety.conf");
    StrataConfiguration<?, ?> users = configurationOf(manager.getCache("users"));
    StrataConfiguration<?, ?> plain = configurationOf(manager.getCache("plain"));
    assertAll(
        () -> assertEquals(List.of("com.example.Customer", "com.example.orders.*", "org.acme.**"),
            users.getAllowedClasses()),
        () -> assertEquals(2L * 1024 * 1024, users.getMaximumValueSize()),
        () -> assertEquals(List.of(), plain.getAllowedClasses()),
        () -> assertEquals(StrataConfiguration.DEFAULT_MAXIMUM_VALUE_SIZE,
            plain.getMaximumValueSize()));
  }

  @Test
  void writeBehindIsReadWithItsDefaults() {
    CacheManager manager = open("classpath:config/write-behind.conf");
    WriteBehindSettings orders = configurationOf(manager.getCache("orders")).getWriteBehind();
    assertEquals(new WriteBehindSettings(250, java.time.Duration.ofSeconds(2), 5000,
        java.time.Duration.ZERO, 4, java.time.Duration.ofMillis(50),
        java.time.Duration.ofSeconds(5), java.time.Duration.ofMinutes(1)), orders);
    assertEquals(WriteBehindSettings.DEFAULTS,
        configurationOf(manager.getCache("defaulted")).getWriteBehind());
    assertNull(configurationOf(manager.getCache("through")).getWriteBehind());
  }

  @Test
  void writeBehindWithoutAWriterIsRejected() {
    CacheException failure = rejected("classpath:config/write-behind-without-writer.conf");
    assertMentions(failure, "write-behind-without-writer.conf:4",
        "strata.caches.orders.write-behind needs strata.caches.orders.write-through = true");
  }

  @Test
  void aWriteBehindBatchOfNoKeysIsRejected() {
    CacheException failure = rejected("classpath:config/write-behind-bad-batch.conf");
    assertMentions(failure, "write-behind-bad-batch.conf:7",
        "strata.caches.orders.write-behind.max-batch-size = 0", "expected a whole number from 1");
  }

  @Test
  void aMalformedAllowedClassIsRejected() {
    CacheException failure = rejected("classpath:config/bad-allowed-class.conf");
    assertMentions(failure, "bad-allowed-class.conf:4", "strata.caches.users.allowed-classes",
        "com..evil", "expected a list of class names, package.* or package.**");
  }

  @Test
  void allowedClassesThatAreNotAListAreRejected() {
    CacheException failure = rejected("classpath:config/allowed-classes-number.conf");
    assertMentions(failure, "allowed-classes-number.conf:4",
        "strata.caches.users.allowed-classes", "42", "expected a list");
  }

  @Test
  void aBadMaximumValueSizeIsRejected() {
    CacheException failure = rejected("classpath:config/bad-value-size.conf");
    assertMentions(failure, "bad-value-size.conf:4", "strata.caches.users.maximum-value-size",
        "10 parsecs", "expected a size of 1 byte or more");
    failure = rejected("classpath:config/zero-value-size.conf");
    assertMentions(failure, "zero-value-size.conf:4", "strata.caches.users.maximum-value-size",
        "= 0", "expected a size of 1 byte or more");
  }

  @Test
  void everyErrorOfAFileIsReportedAtOnceInLineOrder(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("several.conf");
    Files.writeString(file, String.join("\n",
        "strata {",
        "  caches {",
        "    orders { maximum-sise = 10 }",
        "    users { expiry { creation = soon } }",
        "    carts { stroe = redis }",
        "  }",
        "}"));
    CacheException failure = rejected(file.toUri().toString());
    String message = failure.getMessage();
    assertMentions(failure, "3 errors", "several.conf:3: unknown setting strata.caches.orders"
        + ".maximum-sise", "several.conf:4:", "several.conf:5: unknown setting strata.caches.carts"
        + ".stroe");
    assertTrue(message.indexOf(":3:") < message.indexOf(":4:")
        && message.indexOf(":4:") < message.indexOf(":5:"), message);
  }

  @Test
  void aMisspeltRootSectionIsRejected(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("typo.conf");
    Files.writeString(file, "starta {\n  caches { orders { } }\n}\nakka { loglevel = INFO }\n");
    CacheException failure = rejected(file.toUri().toString());
    assertMentions(failure, "typo.conf:1: unknown section starta", "strata { ... }");
    assertFalse(failure.getMessage().contains("akka"), failure.getMessage());
  }

  @Test
  void aNearCacheOnAnEmbeddedCacheIsReported(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("pointless.conf");
    Files.writeString(file, "strata.caches.local { near-cache { maximum-size = 10 } }\n");
    var logged = new ArrayList<String>();
    var logger = java.util.logging.Logger.getLogger(DeclaredCaches.class.getName());
    var handler = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        logged.add(record.getLevel() + " " + record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(handler);
    try {
      assertNotNull(open(file.toUri().toString()).getCache("local"));
    } finally {
      logger.removeHandler(handler);
    }
    assertTrue(logged.stream().anyMatch(line -> line.startsWith("WARNING")
        && line.contains("pointless.conf:1: strata.caches.local.near-cache has no effect")),
        logged::toString);
  }

  @Test
  void aMisspeltSettingIsRejected() {
    CacheException failure = rejected("classpath:config/unknown-setting.conf");
    assertMentions(failure, "unknown-setting.conf:4", "strata.caches.users.maximun-size",
        "expected one of", "maximum-size");
  }

  @Test
  void anUnknownSectionIsRejected() {
    CacheException failure = rejected("classpath:config/unknown-section.conf");
    assertMentions(failure, "unknown-section.conf:2", "strata.cache", "expected one of",
        "caches", "defaults");
  }

  @Test
  void aBadDurationIsRejected() {
    CacheException failure = rejected("classpath:config/bad-duration.conf");
    assertMentions(failure, "bad-duration.conf:4", "strata.caches.users.expiry.creation",
        "10 fortnights", "expected a duration");
  }

  @Test
  void aPositiveDurationBelowAMillisecondIsRejectedRatherThanMadeZero() {
    CacheException failure = rejected("classpath:config/sub-millisecond.conf");
    assertMentions(failure, "sub-millisecond.conf:4", "strata.caches.users.expiry.access",
        "500us", "expected", "1ms");
  }

  @Test
  void aMissingTypeClassIsRejected() {
    CacheException failure = rejected("classpath:config/missing-key-type.conf");
    assertMentions(failure, "missing-key-type.conf:4", "strata.caches.users.key-type",
        "com.example.NoSuchKey", "no such class");
  }

  @Test
  void aMissingLoaderClassIsRejected() {
    CacheException failure = rejected("classpath:config/missing-loader-class.conf");
    assertMentions(failure, "missing-loader-class.conf:5", "strata.caches.users.loader",
        "com.example.NoSuchLoader", "no such class");
  }

  @Test
  void readThroughWithoutALoaderIsRejected() {
    CacheException failure = rejected("classpath:config/read-through-without-loader.conf");
    assertMentions(failure, "read-through-without-loader.conf:4",
        "strata.caches.users.read-through", "true", "strata.caches.users.loader");
  }

  @Test
  void aRejectedFileLeavesNoManagerBehind() {
    rejected("classpath:config/wrong-type.conf");
    rejected("classpath:config/wrong-type.conf");
  }
}
