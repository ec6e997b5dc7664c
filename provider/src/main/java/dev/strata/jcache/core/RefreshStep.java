package dev.strata.jcache.core;

import dev.strata.jcache.expiry.ExpiryCalculator;
import dev.strata.jcache.store.PendingChange;
import dev.strata.jcache.store.Step;
import dev.strata.jcache.store.StoreEntry;

/**
 * Stores a value reloaded ahead of its entry's expiry (see
 * {@link dev.strata.jcache.strategy.RefreshAhead}): the entry is replaced as a fresh load, with
 * the creation duration, so that a key read continuously never expires, and listeners hear an
 * update. A key removed or expired meanwhile stays absent (a refresh never brings a key back), a
 * key whose write a write-behind writer has yet to receive keeps its entry (the loaded row is
 * older than that write), and an entry holding the loaded value already is left as it is.
 */
public final class RefreshStep<K, V> {
  private final CacheContext<K, V> ctx;

  public RefreshStep(CacheContext<K, V> ctx) {
    this.ctx = ctx;
  }

  /** Stores the reloaded value of the key, as the class comment says. */
  public void store(K key, V value) {
    Object stored = ctx.stored(value);
    var outcome = new Outcome();
    long now = ctx.now();
    ctx.store().compute(ctx.storedKey(key), current -> {
      outcome.reset();
      if (current == null) {
        return null;
      }
      PendingChange change = ctx.pendingChange(key);
      if (change != null && change.isPending()) {
        return Step.guarded(current, change.guard());
      }
      long expiresAt = ctx.expiry().forCreation(now);
      StoreEntry next;
      if (ExpiryCalculator.isExpired(expiresAt, now)) {
        outcome.expired(current.value());
        next = null;
      } else {
        outcome.updated(current.value(), stored);
        next = new StoreEntry(stored, expiresAt);
      }
      return change == null ? next : Step.guarded(next, change.guard());
    }, ctx.publisher(key, outcome));
    ctx.events().flush();
  }
}
