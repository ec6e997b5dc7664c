package dev.strata.jcache.store.redis;

import dev.strata.jcache.codec.Codec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import javax.cache.CacheException;

/**
 * How one cache's keys are named in Redis: {@code strata:<namespace>:<cache>:<key>}.
 *
 * <p>Each entry is a Redis key of its own, so a cache spreads over every slot of a Redis
 * Cluster. Keys of the common immutable types are written as readable text with a one-letter
 * type tag ({@code s} String, {@code i} Integer, {@code l} Long, {@code u} UUID); any other key
 * as {@code b} and the URL-safe Base64 of its encoding, which must therefore be deterministic
 * (equal keys, equal bytes). Namespace and cache name escape {@code :}, {@code %} and braces,
 * so no cache's names can run into another's.
 */
final class RedisKeyspace {
  private final String prefix;
  private final String pattern;
  private final String channel;
  private final String sequences;
  private final Codec codec;
  private final ClassLoader classLoader;

  RedisKeyspace(String namespace, String cacheName, Codec codec, ClassLoader classLoader) {
    this(namespace, cacheName, codec, classLoader, false, 0);
  }

  /**
   * @param grouped whether every key of the cache shares one Cluster hash slot: a write-behind
   *     cache's entries and journal are changed by one script, which Cluster allows only within
   *     a slot, so their names carry the hash tag {@code {<namespace>:<cache>}}
   * @param database the client's Redis database: pub/sub channels are the server's, shared by
   *     every database, so the change channel of a cache outside database 0 names its database
   */
  RedisKeyspace(String namespace, String cacheName, Codec codec, ClassLoader classLoader,
      boolean grouped, int database) {
    String group = escape(namespace) + ":" + escape(cacheName);
    this.prefix = grouped ? "strata:{" + group + "}:" : "strata:" + group + ":";
    this.pattern = globEscape(prefix) + "*";
    this.channel = prefix + "events" + (database == 0 ? "" : "@" + database);
    this.sequences = "strata#seq:" + group;
    this.codec = codec;
    this.classLoader = classLoader;
  }

  /**
   * The name of one of the cache's write-behind structures ({@code journal}, {@code dead-letters},
   * {@code flusher}): in the cache's hash slot, outside its {@link #pattern()}, so neither
   * iterating nor clearing the cache touches them.
   */
  String journalName(String structure) {
    return prefix.substring(0, prefix.length() - 1) + "#write-behind:" + structure;
  }

  /** The channel on which the cache's changes are announced to other JVMs. */
  String channel() {
    return channel;
  }

  /**
   * The name of the record in which one caller (a store instance, by {@code origin}) notes the
   * steps it committed on an entry: in the entry's Cluster slot, so the step's script changes
   * both, and outside the cache's {@link #pattern()}, so neither iterating nor clearing the
   * cache meets it, nor is it ever taken for an entry.
   */
  static String commitRecordName(String entryName, String origin) {
    return "{" + SlotTags.tagOf(entryName) + "}strata#step:" + origin + ":" + entryName;
  }

  /**
   * The name of an entry's step lease, which a write-through cache's step holds across JVMs
   * from its read to its write: in the entry's Cluster slot, outside the cache's pattern.
   */
  static String leaseName(String entryName) {
    return "{" + SlotTags.tagOf(entryName) + "}strata#lease:" + entryName;
  }

  /**
   * The name of an entry's loading lease, which one JVM holds while it loads the missing key for
   * all (see {@link RedisLoadLeases}): in the entry's Cluster slot, outside the cache's pattern.
   */
  static String loadLeaseName(String entryName) {
    return "{" + SlotTags.tagOf(entryName) + "}strata#load:" + entryName;
  }

  /**
   * The name of the counter that numbers the changes of one group of the cache's entries (see
   * {@link SequenceGroups} and {@code announce.lua}): in the group's Cluster slot, so the script
   * that changes an entry of the group counts the change, and outside the cache's
   * {@link #pattern()}, so a clear leaves it.
   */
  String sequenceName(int group) {
    return "{" + SlotTags.tagOfSlot(group) + "}" + sequences;
  }

  /** The SCAN pattern that matches every key of the cache, and only those. */
  String pattern() {
    return pattern;
  }

  String name(Object key) {
    return prefix + encode(key);
  }

  /** The cache key a Redis key names, or null when it is not one of this cache's. */
  Object key(String name) {
    if (!name.startsWith(prefix)) {
      return null;
    }
    return decode(name.substring(prefix.length()));
  }

  private String encode(Object key) {
    if (key instanceof String) {
      // the channel's name ends in "events" with no type tag, so it never equals a key's name
      return "s" + key;
    }
    if (key instanceof Integer) {
      return "i" + key;
    }
    if (key instanceof Long) {
      return "l" + key;
    }
    if (key instanceof UUID) {
      return "u" + key;
    }
    return "b" + Base64.getUrlEncoder().withoutPadding().encodeToString(codec.encode(key));
  }

  private Object decode(String text) {
    if (text.isEmpty()) {
      throw new CacheException("Redis key " + prefix + " names no cache key");
    }
    String body = text.substring(1);
    try {
      switch (text.charAt(0)) {
        case 's':
          return body;
        case 'i':
          return Integer.valueOf(body);
        case 'l':
          return Long.valueOf(body);
        case 'u':
          return UUID.fromString(body);
        case 'b':
          return decodeEncoded(text, Base64.getUrlDecoder().decode(body));
        default:
          throw new CacheException("Redis key " + prefix + text + " has an unknown key type tag '"
              + text.charAt(0) + "'");
      }
    } catch (IllegalArgumentException e) {
      throw new CacheException("Redis key " + prefix + text + " is not a key this cache wrote: "
          + e.getMessage(), e);
    }
  }

  /** A key's encoding, decoded by the codec, which refuses classes that are not allowed. */
  private Object decodeEncoded(String text, byte[] bytes) {
    try {
      return codec.decode(bytes, classLoader);
    } catch (CacheException e) {
      throw new CacheException("Redis key " + prefix + text + " is not a key this cache can"
          + " read: " + e.getMessage(), e);
    }
  }

  static String escape(String name) {
    return name.replace("%", "%25").replace(":", "%3A").replace("{", "%7B").replace("}", "%7D");
  }

  private static String globEscape(String text) {
    var escaped = new StringBuilder(text.length() + 8);
    for (char c : text.toCharArray()) {
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    return escaped.toString();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
