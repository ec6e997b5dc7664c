package dev.strata.jcache.store.embedded;

import com.github.benmanes.caffeine.cache.Expiry;
import dev.strata.jcache.store.StoreEntry;

/**
 * Caffeine's view of a value that carries the instant it expires: created or updated, it lives
 * until that instant; read, it keeps the time it had (an access that extends an entry's life is
 * a write of the new instant, decided above the store).
 *
 * @param <V> what Caffeine holds: an entry, or a copy of one
 */
public abstract class InstantExpiry<K, V> implements Expiry<K, V> {
  /** The instant, on the cache's ticker, at which {@code value} expires, or {@code ETERNAL}. */
  protected abstract long expiresAt(V value);

  @Override
  public long expireAfterCreate(K key, V value, long now) {
    return remaining(expiresAt(value), now);
  }

  @Override
  public long expireAfterUpdate(K key, V value, long now, long currentDuration) {
    return remaining(expiresAt(value), now);
  }

  @Override
  public long expireAfterRead(K key, V value, long now, long currentDuration) {
    return currentDuration;
  }

  private static long remaining(long expiresAt, long now) {
    return expiresAt == StoreEntry.ETERNAL ? Long.MAX_VALUE : Math.max(0L, expiresAt - now);
  }
}
