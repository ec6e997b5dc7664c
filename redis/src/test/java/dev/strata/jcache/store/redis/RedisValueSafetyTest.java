package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.store.redis.values.Point;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import dev.strata.jcache.testing.redis.RespConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cache in Redis does with bytes it did not write: a planted value of a class that is not
 * allowed is refused without running any of its code, unreadable bytes fail naming cache and
 * key, and a value too large for the cache never reaches Redis. Its caches use the java codec,
 * whose byte layout (compact forms, Java serialization streams) the planted bytes follow;
 * {@link RedisKryoBoundedDecodingTest} and the codec's own tests cover the default one.
 */
class RedisValueSafetyTest {
  private static final String NAMESPACE = "value-safety";

  @RegisterExtension
  static final RedisExtension<RedisServer> redis = RedisExtension.server();

  private final List<CacheManager> managers = new ArrayList<>();

  @BeforeEach
  void startClean() {
    redis.get().call("FLUSHALL");
    Gadget.reset();
  }

  @AfterEach
  void closeManagers() {
    managers.forEach(CacheManager::close);
  }

  private CacheManager manager(URI uri) {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", redis.get().uri());
    properties.setProperty("strata.redis.namespace", NAMESPACE);
    properties.setProperty("strata.defaults.store", "redis");
    properties.setProperty("strata.defaults.codec", "java");
    CacheManager manager = Caching.getCachingProvider().getCacheManager(uri,
        getClass().getClassLoader(), properties);
    managers.add(manager);
    return manager;
  }

  private Cache<Long, Object> cache(String name, StrataConfiguration<Long, Object> config) {
    return manager(URI.create("value-safety:" + name)).createCache(name, config);
  }

  private Cache<Long, Object> cache(String name) {
    return cache(name, new StrataConfiguration<Long, Object>().setTypes(Long.class, Object.class));
  }

  /** The Redis key Strata names a Long key by. */
  private static byte[] redisKey(String cacheName, long key) {
    return ("strata:" + NAMESPACE + ":" + cacheName + ":l" + key)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Writes a value under a cache's key as Strata would: an 8-byte stamp, then the value. */
  private static void plant(String cacheName, long key, byte[] value) {
    byte[] stamped = new byte[8 + value.length];
    new Random(key).nextBytes(stamped);
    System.arraycopy(value, 0, stamped, 8, value.length);
    plantRaw(cacheName, key, stamped);
  }

  private static void plantRaw(String cacheName, long key, byte[] stored) {
    try (RespConnection connection = redis.get().connect()) {
      assertEquals("OK", connection.callBinary("SET".getBytes(StandardCharsets.UTF_8),
          redisKey(cacheName, key), stored));
    }
  }

  private static Object redisValue(String cacheName, long key) {
    try (RespConnection connection = redis.get().connect()) {
      return connection.callBinary("GET".getBytes(StandardCharsets.UTF_8),
          redisKey(cacheName, key));
    }
  }

  private static byte[] serialized(Object value) throws IOException {
    var bytes = new ByteArrayOutputStream();
    try (var out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  private static CacheException refused(Executable operation, String... parts) {
    CacheException failure = assertThrows(CacheException.class, operation);
    String message = failure.getMessage();
    assertNotNull(message);
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "'" + message + "' should mention '" + part + "'");
    }
    return failure;
  }

  @Test
  void aPlantedClassThatIsNotAllowedIsRefusedWithoutRunningItsCode() throws Exception {
    Cache<Long, Object> users = cache("users");
    byte[] gadget = serialized(new Gadget());
    Gadget.reset();
    plant("users", 42L, gadget);

    String[] expected = {"Cache 'users'", "key 42", "in Redis",
        "class " + Gadget.class.getName() + " is not allowed", "allowed-classes"};
    refused(() -> users.get(42L), expected);
    refused(() -> users.getAll(java.util.Set.of(42L)), expected);
    refused(() -> users.invoke(42L, (entry, arguments) -> entry.getValue()), expected);
    refused(() -> users.iterator().next(), expected);
    refused(() -> users.getAndPut(42L, "replacement"), expected);
    assertFalse(Gadget.ran(), "the gadget's constructor or readObject ran");

    // The same bytes, read by plain Java serialization, do run the gadget's code.
    try (var in = new ObjectInputStream(new java.io.ByteArrayInputStream(gadget))) {
      in.readObject();
    }
    assertTrue(Gadget.CONSTRUCTED.get() && Gadget.READ.get());
  }

  @Test
  void aClassThatIsNotAllowedIsRefusedInsideAnAllowedCollection() throws Exception {
    Cache<Long, Object> users = cache("users");
    byte[] list = serialized(new ArrayList<>(List.of("a", new Gadget())));
    Gadget.reset();
    plant("users", 7L, list);

    refused(() -> users.get(7L), "Cache 'users'", "key 7",
        Gadget.class.getName() + " is not allowed");
    assertFalse(Gadget.ran(), "the gadget's constructor or readObject ran");
  }

  @Test
  void aValueOfAnAllowedUserClassRoundTrips() {
    Cache<Long, Object> places = cache("places", new StrataConfiguration<Long, Object>()
        .setTypes(Long.class, Object.class)
        .addAllowedClasses("dev.strata.jcache.store.redis.values.*"));
    places.put(1L, new Point(3, 4));
    places.put(2L, new ArrayList<>(List.of(new Point(5, 6))));
    assertEquals(new Point(3, 4), places.get(1L));
    assertEquals(List.of(new Point(5, 6)), places.get(2L));
  }

  @Test
  void theManagersDefaultAllowedClassesApplyToCachesCreatedInCode() {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", redis.get().uri());
    properties.setProperty("strata.redis.namespace", NAMESPACE);
    properties.setProperty("strata.defaults.store", "redis");
    properties.setProperty("strata.defaults.codec", "java");
    properties.setProperty("strata.defaults.allowed-classes",
        "com.example.**, dev.strata.jcache.store.redis.values.Point");
    CacheManager manager = Caching.getCachingProvider().getCacheManager(
        URI.create("value-safety:defaults"), getClass().getClassLoader(), properties);
    managers.add(manager);
    Cache<Long, Object> places = manager.createCache("places",
        new StrataConfiguration<Long, Object>().setTypes(Long.class, Object.class));
    places.put(1L, new Point(7, 8));
    assertEquals(new Point(7, 8), places.get(1L));
  }

  @Test
  void theCachesOwnValueTypeIsAllowed() {
    Cache<Long, Point> points = manager(URI.create("value-safety:typed")).createCache("points",
        new StrataConfiguration<Long, Point>().setTypes(Long.class, Point.class));
    points.put(1L, new Point(1, 2));
    assertEquals(new Point(1, 2), points.get(1L));
  }

  @Test
  void aUserClassThatIsNotAllowedIsRefusedWhenWrittenAndNothingReachesRedis() {
    Cache<Long, Object> places = cache("places");
    refused(() -> places.put(1L, new Point(3, 4)), Point.class.getName() + " is not allowed",
        "allowed-classes");
    assertNull(redisValue("places", 1L));
    assertNull(places.get(1L));
  }

  @Test
  void valuesOfTheCommonTypesTakeCompactFormsAndRoundTrip() {
    Cache<Long, Object> values = cache("values");
    String unpaired = "a\uD800b";
    values.put(1L, 1234567890123L);
    values.put(2L, 42);
    values.put(3L, "héllo");
    values.put(4L, unpaired);
    values.put(5L, new java.math.BigDecimal("1.50"));
    values.put(6L, new int[] {1, 2, 3});
    assertEquals(1234567890123L, values.get(1L));
    assertEquals(42, values.get(2L));
    assertEquals("héllo", values.get(3L));
    assertEquals(unpaired, values.get(4L));
    assertEquals(new java.math.BigDecimal("1.50"), values.get(5L));
    assertTrue(Arrays.equals(new int[] {1, 2, 3}, (int[]) values.get(6L)));
    assertEquals(8L + 9, redis.get().call("STRLEN",
        new String(redisKey("values", 1L), StandardCharsets.UTF_8)), "stamp, tag, 8 bytes");
    assertEquals(8L + 5, redis.get().call("STRLEN",
        new String(redisKey("values", 2L), StandardCharsets.UTF_8)), "stamp, tag, 4 bytes");
  }

  @Test
  void bytesTooShortForAStampAreReportedWithCacheAndKey() {
    Cache<Long, Object> users = cache("users");
    plantRaw("users", 5L, new byte[] {1, 2, 3});
    refused(() -> users.get(5L), "Cache 'users'", "key 5",
        "not a value Strata wrote", "shorter than the 8-byte stamp");
  }

  @Test
  void garbageIsReportedWithCacheAndKeyAndCanBeOverwritten() {
    Cache<Long, Object> users = cache("users");
    byte[] garbage = new byte[64];
    new Random(1).nextBytes(garbage);
    garbage[0] = 0x55;
    plant("users", 6L, garbage);
    refused(() -> users.get(6L), "Cache 'users'", "key 6", "not a value Strata wrote");

    users.put(6L, "repaired");
    assertEquals("repaired", users.get(6L));
  }

  @Test
  void aTruncatedOrForeignSerializationStreamIsReportedWithCacheAndKey() throws Exception {
    Cache<Long, Object> users = cache("users");
    byte[] list = serialized(new ArrayList<>(List.of("a", "b", "c")));
    plant("users", 8L, Arrays.copyOf(list, list.length / 2));
    refused(() -> users.get(8L), "Cache 'users'", "key 8", "not a value Strata wrote");

    plant("users", 9L, Arrays.copyOf(new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 0x55}, 5));
    refused(() -> users.get(9L), "Cache 'users'", "key 9", "not a value Strata wrote");

    plant("users", 10L, new byte[] {2, 0, 1});
    refused(() -> users.get(10L), "Cache 'users'", "key 10", "not a value Strata wrote",
        "tagged as a Long");
  }

  @Test
  void anOversizedValueIsRejectedAndRedisIsUnchanged() {
    Cache<Long, Object> users = cache("users", new StrataConfiguration<Long, Object>()
        .setTypes(Long.class, Object.class).setMaximumValueSize(1024));
    String big = "x".repeat(2000);
    refused(() -> users.put(1L, big), "Cache 'users'", "key 1", "java.lang.String",
        "2001 bytes", "maximum-value-size of 1024 bytes");
    assertNull(redisValue("users", 1L));
    assertNull(users.get(1L));

    users.put(2L, "small");
    var list = new ArrayList<>(List.of(big));
    refused(() -> users.put(2L, list), "Cache 'users'", "key 2", "java.util.ArrayList",
        "maximum-value-size of 1024 bytes");
    refused(() -> users.invoke(2L, (entry, arguments) -> {
      entry.setValue(big);
      return null;
    }), "Cache 'users'", "key 2", "java.lang.String");
    assertEquals("small", users.get(2L));
    users.put(2L, "x".repeat(1000));
    assertEquals(1000, ((String) users.get(2L)).length());
  }

  @Test
  void aConfigurationFileSetsAllowedClassesAndTheMaximumValueSize(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("strata.conf");
    Files.writeString(file, String.join("\n",
        "strata.caches {",
        "  places {",
        "    key-type = java.lang.Long",
        "    allowed-classes = [\"dev.strata.jcache.store.redis.values.**\"]",
        "    maximum-value-size = 1KiB",
        "    codec = java",
        "  }",
        "}"));
    Cache<Long, Object> places = manager(file.toUri()).getCache("places");
    places.put(1L, new Point(1, 1));
    assertEquals(new Point(1, 1), places.get(1L));
    refused(() -> places.put(2L, "y".repeat(1024)), "Cache 'places'", "key 2",
        "1025 bytes", "maximum-value-size of 1024 bytes");

    byte[] gadget = serialized(new Gadget());
    Gadget.reset();
    plant("places", 3L, gadget);
    refused(() -> places.get(3L), "Cache 'places'", "key 3", "not allowed");
    assertFalse(Gadget.ran());
  }
}
