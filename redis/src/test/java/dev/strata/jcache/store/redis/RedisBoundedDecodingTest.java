package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.codec.Codec;
import dev.strata.jcache.codec.KryoCodec;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.configuration.WriteBehindSettings;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import dev.strata.jcache.testing.redis.RespConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * Bytes planted in Redis that would make a reader work or allocate without bound are refused
 * within milliseconds on every read path, naming cache and key; and nothing is written to Redis
 * that the cache could not read back.
 */
class RedisBoundedDecodingTest {
  private static final String NAMESPACE = "bounded";

  @RegisterExtension
  static final RedisExtension<RedisServer> redis = RedisExtension.server();

  private final List<CacheManager> managers = new ArrayList<>();
  private CacheManager manager;

  @BeforeEach
  void start() {
    redis.get().call("FLUSHALL");
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", redis.get().uri());
    properties.setProperty("strata.redis.namespace", NAMESPACE);
    properties.setProperty("strata.defaults.store", "redis");
    manager = Caching.getCachingProvider().getCacheManager(URI.create("bounded-decoding"),
        getClass().getClassLoader(), properties);
    managers.add(manager);
  }

  @AfterEach
  void close() {
    managers.forEach(CacheManager::close);
  }

  private Cache<String, Object> cache(String name) {
    return manager.createCache(name, config());
  }

  private static StrataConfiguration<String, Object> config() {
    return new StrataConfiguration<String, Object>().setTypes(String.class, Object.class);
  }

  /**
   * The classic deserialization bomb: 100 nested sets, each level two sets that share the next
   * level's two, so hashing the outermost walks 2^100 paths. Only JDK collections, 256 levels
   * of objects at most, and a few kilobytes.
   */
  static byte[] nestedSets() throws IOException {
    byte[] bytes = serialized(nestedSetsValue());
    assertTrue(bytes.length < 6 * 1024, bytes.length + " bytes");
    return bytes;
  }

  /** The sets {@link #nestedSets} serializes. */
  static Set<Object> nestedSetsValue() {
    Set<Object> root = new HashSet<>();
    Set<Object> s1 = root;
    Set<Object> s2 = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      Set<Object> t1 = new HashSet<>();
      Set<Object> t2 = new HashSet<>();
      t1.add("foo");
      s1.add(t1);
      s1.add(t2);
      s2.add(t1);
      s2.add(t2);
      s1 = t1;
      s2 = t2;
    }
    return root;
  }

  /** A long[] whose length field claims {@code length} elements, with one element's bytes. */
  static byte[] hugeArray(int length) throws IOException {
    byte[] bytes = serialized(new long[] {7});
    int at = bytes.length - 12;
    assertEquals(1, bytes[at + 3]);
    bytes[at] = (byte) (length >>> 24);
    bytes[at + 1] = (byte) (length >>> 16);
    bytes[at + 2] = (byte) (length >>> 8);
    bytes[at + 3] = (byte) length;
    return bytes;
  }

  static byte[] serialized(Object value) throws IOException {
    var bytes = new ByteArrayOutputStream();
    try (var out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  /** The Redis name of the only key of a cache. */
  private static String onlyKey(String cacheName) {
    List<?> keys = (List<?>) redis.get().call("KEYS", "strata:*" + cacheName + "*");
    assertEquals(1, keys.size(), keys.toString());
    return String.valueOf(keys.get(0));
  }

  private static final String VALUE_DIGEST = TestScripts.text("value-digest.lua");

  /** A digest of the value under a Redis key, or null for none. */
  private static Object rawValue(String redisKey) {
    return redis.get().call("EVAL", VALUE_DIGEST, "1", redisKey);
  }

  /** Replaces the value under a Redis key with a stamp and {@code encoded}. */
  private static void plant(String redisKey, byte[] encoded) {
    byte[] stored = new byte[8 + encoded.length];
    System.arraycopy(encoded, 0, stored, 8, encoded.length);
    try (RespConnection connection = redis.get().connect()) {
      assertEquals("OK", connection.callBinary(utf8("SET"), utf8(redisKey), stored));
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Runs an operation that must fail with a CacheException mentioning every part, within
   * 100 ms (and, should it hang, gives up on it after 10 s).
   */
  static CacheException refusedQuickly(Executable operation, String... parts) {
    long start = System.nanoTime();
    CacheException failure = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> assertThrows(CacheException.class, operation));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 100, "refused after " + millis + " ms");
    String message = failure.getMessage();
    assertNotNull(message);
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "'" + message + "' should mention '" + part + "'");
    }
    return failure;
  }

  @Test
  void aBombOfNestedSetsOrAHugeArrayIsRefusedQuicklyOnEveryReadPath() throws Exception {
    var near = config().setNearCache(new NearCacheSettings(100, Duration.ofSeconds(30)));
    Map<String, Cache<String, Object>> caches = Map.of("plain", cache("plain"),
        "near", manager.createCache("near", near));
    for (var named : caches.entrySet()) {
      String name = named.getKey();
      Cache<String, Object> cache = named.getValue();
      cache.put("warm", List.of("up"));
      assertEquals(List.of("up"), cache.get("warm"));
      cache.iterator().forEachRemaining(Cache.Entry::getValue);
      cache.remove("warm");
      // A class that is not allowed first: every path's first failure costs more than a later
      // one, whatever the bytes; the bombs' refusals are measured after.
      byte[] gadget = serialized(new Gadget());
      for (byte[] planted : List.of(gadget, nestedSets(), hugeArray(Integer.MAX_VALUE),
          hugeArray(Integer.MIN_VALUE))) {
        plant("strata:" + NAMESPACE + ":" + name + ":sbomb", planted);
        String[] expected = {"Cache '" + name + "'", "key bomb", "in Redis"};
        if (planted == gadget) {
          refused(() -> cache.get("bomb"), expected);
          refused(() -> cache.getAll(Set.of("bomb")), expected);
          refused(() -> cache.iterator().next().getValue(), expected);
          refused(() -> cache.invoke("bomb", (entry, arguments) -> entry.getValue()), expected);
          refused(() -> cache.getAndPut("bomb", "replacement"), expected);
          refused(() -> cache.getAndRemove("bomb"), expected);
          continue;
        }
        refusedQuickly(() -> cache.get("bomb"), expected);
        refusedQuickly(() -> cache.getAll(Set.of("bomb")), expected);
        refusedQuickly(() -> cache.iterator().next().getValue(), expected);
        refusedQuickly(() -> cache.invoke("bomb", (entry, arguments) -> entry.getValue()),
            expected);
        refusedQuickly(() -> cache.getAndPut("bomb", "replacement"), expected);
        refusedQuickly(() -> cache.getAndRemove("bomb"), expected);
        cache.remove("bomb");
      }
    }
  }

  @Test
  void aBombInTheWriteBehindJournalIsRefusedQuicklyNamingCacheAndKey() throws Exception {
    Map<String, Object> loaded = new ConcurrentHashMap<>();
    var config = config().setWriteBehind(WriteBehindSettings.DEFAULTS
        .withMaxDelay(Duration.ofHours(1)).withCloseTimeout(Duration.ZERO));
    config.setReadThrough(true);
    config.setCacheLoaderFactory(new FactoryBuilder.SingletonFactory<>(
        new CacheLoader<String, Object>() {
          @Override
          public Object load(String key) {
            loaded.put(key, "loaded");
            return "loaded";
          }

          @Override
          public Map<String, Object> loadAll(Iterable<? extends String> keys) {
            throw new UnsupportedOperationException();
          }
        }));
    config.setWriteThrough(true);
    config.setCacheWriterFactory(new FactoryBuilder.SingletonFactory<>(new NoWriter()));
    Cache<String, Object> cache = manager.createCache("journaled", config);
    cache.put("bomb", "placeholder");
    String name = onlyKey("journaled}:s");
    String group = name.substring(0, name.lastIndexOf(':'));
    byte[] gadget = serialized(new Gadget());
    for (byte[] planted : List.of(gadget, nestedSets(), hugeArray(Integer.MAX_VALUE))) {
      redis.get().call("DEL", name);
      try (RespConnection connection = redis.get().connect()) {
        Object id = connection.callBinary(utf8("XADD"), utf8(group + "#write-behind:journal"),
            utf8("*"), utf8("o"), utf8("w"), utf8("k"), utf8(name), utf8("v"), planted);
        connection.call("HSET", group + "#write-behind:pending", name, String.valueOf(id));
      }
      String[] expected = {"Cache 'journaled'", "key bomb", "write-behind journal in Redis"};
      if (planted == gadget) {
        refused(() -> cache.get("bomb"), expected);
      } else {
        refusedQuickly(() -> cache.get("bomb"), expected);
      }
    }
    assertTrue(loaded.isEmpty(), "the pending change is not loaded over: " + loaded);
  }

  /** A writer that never writes: the journal's records stay pending. */
  static final class NoWriter implements CacheWriter<String, Object>, java.io.Serializable {
    @Override
    public void write(Cache.Entry<? extends String, ? extends Object> entry) {}

    @Override
    public void writeAll(Collection<Cache.Entry<? extends String, ? extends Object>> entries) {}

    @Override
    public void delete(Object key) {}

    @Override
    public void deleteAll(Collection<?> keys) {}
  }

  @Test
  void aValueOrKeyOfAClassThatIsNotAllowedIsRefusedOnPutAndRedisHoldsNothing() {
    Cache<String, Object> places = cache("places");
    String point = dev.strata.jcache.store.redis.values.Point.class.getName();
    var value = new dev.strata.jcache.store.redis.values.Point(3, 4);
    String[] expected = {"class " + point + " is not allowed", "allowed-classes",
        "strata.defaults.allowed-classes", "addAllowedClasses"};
    refused(() -> places.put("p", value), expected);
    refused(() -> places.put("p", new ArrayList<>(List.of("a", value))), expected);
    refused(() -> places.putAll(Map.of("p", value)), expected);
    refused(() -> places.putIfAbsent("p", value), expected);
    refused(() -> places.getAndPut("p", value), expected);
    refused(() -> places.invoke("p", (entry, arguments) -> {
      entry.setValue(value);
      return null;
    }), expected);
    refused(() -> places.put("p", new dev.strata.jcache.store.redis.values.Point[] {value}),
        expected);
    assertEquals(List.of(), redis.get().call("KEYS", "strata:*"));

    Cache<Object, Object> keyed = manager.createCache("keyed",
        new StrataConfiguration<Object, Object>());
    refused(() -> keyed.put(value, "v"), expected);
    refused(() -> keyed.put(List.of(value), "v"), expected);
    assertEquals(List.of(), redis.get().call("KEYS", "strata:*"));
  }

  private static void refused(Executable operation, String... parts) {
    CacheException failure = assertThrows(CacheException.class, operation);
    for (String part : parts) {
      assertTrue(failure.getMessage().contains(part),
          () -> "'" + failure.getMessage() + "' should mention '" + part + "'");
    }
  }

  @Test
  void anOperationReturningAnUnreadableValueFailsBeforeChangingAnything() throws Exception {
    unreadableValueLeavesTheEntry(cache("users"), "users", new KryoCodec().encode(new Gadget()));
    unreadableValueLeavesTheEntry(manager.createCache("users-java",
        config().setCodecFactory(Codec.named("java"))), "users-java", serialized(new Gadget()));
  }

  private void unreadableValueLeavesTheEntry(Cache<String, Object> users, String cacheName,
      byte[] gadget) {
    users.put("u", "placeholder");
    String name = onlyKey(cacheName);
    Gadget.reset();
    plant(name, gadget);
    Object planted = rawValue(name);
    assertNotNull(planted);
    String[] expected = {"Cache '" + cacheName + "'", "key u",
        Gadget.class.getName() + " is not allowed"};
    refused(() -> users.getAndPut("u", "replacement"), expected);
    assertEquals(planted, rawValue(name), "getAndPut changed the entry");
    refused(() -> users.getAndReplace("u", "replacement"), expected);
    assertEquals(planted, rawValue(name), "getAndReplace changed the entry");
    refused(() -> users.getAndRemove("u"), expected);
    assertEquals(planted, rawValue(name), "getAndRemove changed the entry");
    assertTrue(!Gadget.ran(), "the gadget's code ran");

    // A value that can be read is returned and replaced as before.
    users.put("u", "first");
    assertEquals("first", users.getAndPut("u", "second"));
    assertEquals("second", users.getAndReplace("u", "third"));
    assertEquals("third", users.getAndRemove("u"));
    assertEquals(List.of(), redis.get().call("KEYS", "strata:*" + cacheName + "*"));
  }
}
