package dev.strata.jcache.codec;

import javax.cache.CacheException;

/**
 * Where bytes a store kept belong: the cache, the key and the store. It goes along with the
 * bytes until they are decoded, so that bytes which cannot be decoded are reported with the
 * entry they were found under rather than as a bare codec failure.
 *
 * @param cacheName the cache's name
 * @param key the entry's key
 * @param store where the bytes were found, such as {@code Redis}
 */
public record StoredAt(String cacheName, Object key, String store) {
  /** The failure of bytes that cannot be read, giving the codec's reason. */
  public CacheException unreadable(RuntimeException reason) {
    return new CacheException("Cache '" + cacheName + "' cannot read the value of key "
        + key + " in " + store + ": " + reason.getMessage(), reason);
  }
}
