package dev.strata.jcache.store.redis;

import dev.strata.jcache.codec.StoredAt;
import dev.strata.jcache.codec.ValueCopier;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import javax.cache.CacheException;

/**
 * A Redis value as a Redis cache writes it: an 8-byte random stamp, renewed by every write, then
 * the value's encoding. The stamp is the version an optimistic step compares; the encoding is
 * decoded by the cache's restricted codec, each value carrying its cache and key until then for
 * the failure of bytes that cannot be read. A value whose encoding exceeds the cache's maximum
 * value size is refused before it is sent.
 */
final class StampedValues<K> {
  /** The length of the stamp in front of every value. */
  static final int STAMP = 8;
  /** The stamp of a key found absent. */
  static final byte[] ABSENT = new byte[0];

  private final String cacheName;
  private final ValueCopier copier;
  private final long maximumValueSize;

  /** @param maximumValueSize the largest encoding, in bytes, of a value written; -1 for none */
  StampedValues(String cacheName, ValueCopier copier, long maximumValueSize) {
    this.cacheName = cacheName;
    this.copier = copier;
    this.maximumValueSize = maximumValueSize;
  }

  /** The stored form of a Redis value, still encoded; decoded when a caller needs it. */
  Object payload(K key, byte[] stored) {
    StoredAt origin = new StoredAt(cacheName, key, "Redis");
    if (stored.length < STAMP) {
      throw origin.unreadable(new CacheException("the bytes are not a value Strata wrote ("
          + stored.length + " bytes, shorter than the " + STAMP + "-byte stamp of every value)"));
    }
    return copier.fromBytes(Arrays.copyOfRange(stored, STAMP, stored.length), origin);
  }

  /** The stamp of a value read, or {@link #ABSENT} for none. */
  static byte[] stampOf(byte[] stored) {
    return stored == null ? ABSENT : Arrays.copyOf(stored, STAMP);
  }

  /** A value's encoding without its stamp. */
  static byte[] unstamped(byte[] stored) {
    return Arrays.copyOfRange(stored, STAMP, stored.length);
  }

  /** A new random stamp. */
  static byte[] newStamp() {
    return ByteBuffer.allocate(STAMP).putLong(ThreadLocalRandom.current().nextLong()).array();
  }

  /** The encoding under the given stamp. */
  static byte[] stamped(byte[] stamp, byte[] encoded) {
    byte[] stored = Arrays.copyOf(stamp, STAMP + encoded.length);
    System.arraycopy(encoded, 0, stored, STAMP, encoded.length);
    return stored;
  }

  /** The encoding of a stored value; refused, before it reaches Redis, when over the maximum. */
  byte[] encode(K key, Object stored) {
    byte[] bytes = copier.toBytes(stored);
    if (maximumValueSize >= 0 && bytes.length > maximumValueSize) {
      throw new CacheException("Cache '" + cacheName + "' cannot store the value of key " + key
          + " in Redis: its encoding as a " + copier.typeName(stored) + " takes " + bytes.length
          + " bytes, over the cache's maximum-value-size of " + maximumValueSize + " bytes");
    }
    return bytes;
  }
}
