package dev.strata.jcache.store.redis;

import static dev.strata.jcache.store.redis.RedisBoundedDecodingTest.refusedQuickly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.codec.KryoCodec;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import dev.strata.jcache.testing.redis.RespConnection;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bytes in the default codec's own format, crafted to make its reader work or allocate without
 * bound, are refused within milliseconds on every read path (get, getAll, iteration, entry
 * processors, the near cache), naming cache and key.
 */
class RedisKryoBoundedDecodingTest {
  private static final String NAMESPACE = "kryo-bounded";
  private static final KryoCodec WRITER = new KryoCodec();

  @RegisterExtension
  static final RedisExtension<RedisServer> redis = RedisExtension.server();

  private CacheManager manager;

  @BeforeEach
  void start() {
    redis.get().call("FLUSHALL");
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", redis.get().uri());
    properties.setProperty("strata.redis.namespace", NAMESPACE);
    properties.setProperty("strata.defaults.store", "redis");
    manager = Caching.getCachingProvider().getCacheManager(URI.create("kryo-bounded-decoding"),
        getClass().getClassLoader(), properties);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private static StrataConfiguration<String, Object> config() {
    return new StrataConfiguration<String, Object>().setTypes(String.class, Object.class)
        .addAllowedClasses(Node.class.getName());
  }

  /** A linked chain, as deep as a planted value may try to make the reader recurse. */
  record Node(Node next) implements Serializable {}

  /** {@code encoded} with the one-byte length varint at {@code at} replaced by {@code length}. */
  static byte[] withLength(byte[] encoded, int at, int length) {
    byte[] varint = new byte[5];
    int size = 0;
    int value = length;
    while ((value & ~0x7F) != 0) {
      varint[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    varint[size++] = (byte) value;
    byte[] bytes = new byte[encoded.length - 1 + size];
    System.arraycopy(encoded, 0, bytes, 0, at);
    System.arraycopy(varint, 0, bytes, at, size);
    System.arraycopy(encoded, at + 1, bytes, at + size, encoded.length - at - 1);
    return bytes;
  }

  /** A long[] of one element whose length claims {@code length} elements. */
  static byte[] hugeLongArray(int length) {
    byte[] bytes = WRITER.encode(new long[] {7});
    // ..., the array's length plus one, its one element (7, zigzag varint 14)
    int at = bytes.length - 2;
    assertEquals(2, bytes[at], "Kryo writes an array's length plus one before its elements");
    return withLength(bytes, at, length == Integer.MAX_VALUE ? length : length + 1);
  }

  /**
   * {@code encoded} with the one-byte flagged varint at {@code at} (Kryo's form of a string's
   * length and of a collection's size: a flag bit, a continuation bit and 6 bits, then 7 bits
   * a byte) replaced by the five-byte form of {@code value}, keeping the flag.
   */
  static byte[] withFlaggedLength(byte[] encoded, int at, long value) {
    byte flag = (byte) (encoded[at] & 0x80);
    byte[] prefix = {(byte) (flag | 0x40 | (value & 0x3F)),
        (byte) (0x80 | ((value >>> 6) & 0x7F)), (byte) (0x80 | ((value >>> 13) & 0x7F)),
        (byte) (0x80 | ((value >>> 20) & 0x7F)), (byte) ((value >>> 27) & 0x7F)};
    byte[] crafted = new byte[encoded.length - 1 + prefix.length];
    System.arraycopy(encoded, 0, crafted, 0, at);
    System.arraycopy(prefix, 0, crafted, at, prefix.length);
    System.arraycopy(encoded, at + 1, crafted, at + prefix.length, encoded.length - at - 1);
    return crafted;
  }

  /** A string of one non-ASCII character whose length claims {@code length}. */
  static byte[] hugeString(int length) {
    byte[] bytes = WRITER.encode("\u00e9");
    int at = bytes.length - 3;
    assertEquals((byte) 0x82, bytes[at], "UTF-8 flag, one char plus one, then its two bytes");
    return withFlaggedLength(bytes, at, length + 1L);
  }

  /** An ArrayList of one Integer whose size claims {@code size}. */
  static byte[] hugeList(int size) {
    byte[] bytes = WRITER.encode(new ArrayList<>(List.of(5)));
    // ..., the size plus one (flagged: all elements of one class), Integer's id, 0, 5 (zigzag)
    int at = bytes.length - 4;
    assertEquals((byte) 0x82, bytes[at], "flagged size plus one before the element class");
    return withFlaggedLength(bytes, at, size + 1L);
  }

  static byte[] deepChain(int depth) {
    Node node = null;
    for (int i = 0; i < depth; i++) {
      node = new Node(node);
    }
    return WRITER.encode(node);
  }

  static byte[] deepLists(int depth) {
    List<Object> list = new ArrayList<>();
    for (int i = 0; i < depth; i++) {
      list = new ArrayList<>(List.of(list));
    }
    return WRITER.encode(list);
  }

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

  @Test
  void craftedBytesOfTheDefaultCodecAreRefusedQuicklyOnEveryReadPath() {
    byte[] bomb = WRITER.encode(RedisBoundedDecodingTest.nestedSetsValue());
    assertTrue(bomb.length < 6 * 1024, bomb.length + " bytes");
    Map<String, byte[]> planted = new LinkedHashMap<>();
    planted.put("nested sets", bomb);
    planted.put("long[2^31-1]", hugeLongArray(Integer.MAX_VALUE));
    planted.put("long[2^31]", hugeLongArray(Integer.MIN_VALUE));
    planted.put("string of 2^31-2 chars", hugeString(Integer.MAX_VALUE - 1));
    planted.put("list of 2^31-1 elements", hugeList(Integer.MAX_VALUE));
    planted.put("objects nested 300 deep", deepChain(300));
    planted.put("lists nested 100 deep", deepLists(100));

    var near = config().setNearCache(new NearCacheSettings(100, Duration.ofSeconds(30)));
    Map<String, Cache<String, Object>> caches = Map.of(
        "plain", manager.createCache("plain", config()),
        "near", manager.createCache("near", near));
    for (var named : caches.entrySet()) {
      String name = named.getKey();
      Cache<String, Object> cache = named.getValue();
      cache.put("warm", List.of(new Node(null)));
      assertEquals(List.of(new Node(null)), cache.get("warm"));
      cache.remove("warm");
      // A class that is not allowed first, untimed: every path's first failure costs more than
      // a later one, whatever the bytes; the crafted bytes' refusals are timed after.
      plant("strata:" + NAMESPACE + ":" + name + ":sbomb", WRITER.encode(new Gadget()));
      for (int i = 0; i < 2; i++) {
        assertThrows(CacheException.class,
            () -> cache.get("bomb"));
        assertThrows(CacheException.class,
            () -> cache.getAll(Set.of("bomb")));
        assertThrows(CacheException.class,
            () -> cache.iterator().next().getValue());
        assertThrows(CacheException.class,
            () -> cache.invoke("bomb", (entry, arguments) -> entry.getValue()));
      }
      for (var bytes : planted.entrySet()) {
        plant("strata:" + NAMESPACE + ":" + name + ":sbomb", bytes.getValue());
        String[] expected = {"Cache '" + name + "'", "key bomb", "in Redis"};
        String what = bytes.getKey();
        assertRefused(what, () -> cache.get("bomb"), expected);
        assertRefused(what, () -> cache.getAll(Set.of("bomb")), expected);
        assertRefused(what, () -> cache.iterator().next().getValue(), expected);
        assertRefused(what, () -> cache.invoke("bomb", (entry, arguments) -> entry.getValue()),
            expected);
        assertRefused(what, () -> cache.getAndRemove("bomb"), expected);
        cache.remove("bomb");
      }
    }
  }

  private static void assertRefused(String what,
      org.junit.jupiter.api.function.Executable operation, String... parts) {
    try {
      refusedQuickly(operation, parts);
    } catch (AssertionError e) {
      throw new AssertionError(what + ": " + e.getMessage(), e);
    }
  }
}
