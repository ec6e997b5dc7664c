package dev.strata.jcache.core;

import dev.strata.jcache.StrataEntry;
import dev.strata.jcache.expiry.ExpiryCalculator;
import dev.strata.jcache.store.StoreEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.integration.CacheWriterException;

/**
 * The write path of a cache: puts, removes, replaces and their bulk forms.
 *
 * <p>Each single-key operation is one atomic step on the store. The value is encoded before the
 * step, so a value that cannot be stored fails with the cache unchanged; a write-through cache
 * calls its writer inside the step, before the change, so a failed write leaves the cache
 * unchanged too. Events and statistics follow once the step is committed.
 */
public final class WriteOperations<K, V> {
  private final CacheContext<K, V> ctx;

  public WriteOperations(CacheContext<K, V> ctx) {
    this.ctx = ctx;
  }

  public void put(K key, V value) {
    requireKeyValue(key, value);
    long start = ctx.startTimer();
    Outcome outcome = run(() -> putOne(key, value, ctx.stored(value), true));
    if (outcome.written()) {
      ctx.statistics().recordPuts(1);
      recordPutTime(start);
    }
    ctx.events().flush();
  }

  public V getAndPut(K key, V value) {
    requireKeyValue(key, value);
    long start = ctx.startTimer();
    Outcome outcome = run(() -> putOne(key, value, ctx.stored(value), true));
    V previous = outcome.oldValue == null ? null : ctx.value(outcome.oldValue);
    recordGet(outcome.oldValue != null, start);
    if (outcome.written()) {
      ctx.statistics().recordPuts(1);
      recordPutTime(start);
    }
    ctx.events().flush();
    return previous;
  }

  private Outcome putOne(K key, V value, Object stored, boolean callWriter) {
    var outcome = new Outcome();
    long now = ctx.now();
    ctx.store().compute(ctx.storedKey(key), current -> {
      outcome.reset();
      if (callWriter) {
        ctx.writer().write(key, value);
      }
      outcome.newValue = stored;
      if (current == null) {
        long expiresAt = ctx.expiry().forCreation(now);
        if (ExpiryCalculator.isExpired(expiresAt, now)) {
          outcome.expiredAtOnce = true;
          return null;
        }
        outcome.created = true;
        return new StoreEntry(stored, expiresAt);
      }
      outcome.oldValue = current.value();
      outcome.updated = true;
      return new StoreEntry(stored, updatedExpiry(current, now));
    });
    publishWrite(key, outcome);
    return outcome;
  }

  public void putAll(Map<? extends K, ? extends V> map) {
    Objects.requireNonNull(map, "map");
    Map<K, Object> stored = new LinkedHashMap<>(Math.max(4, map.size() * 4 / 3 + 1));
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      requireKeyValue(entry.getKey(), entry.getValue());
    }
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      stored.put(entry.getKey(), ctx.stored(entry.getValue()));
    }
    long start = ctx.startTimer();
    Set<Object> failed = Set.of();
    CacheWriterException writeFailure = null;
    if (ctx.writer().isEnabled() && !map.isEmpty()) {
      List<Cache.Entry<? extends K, ? extends V>> entries = new ArrayList<>(map.size());
      for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
        entries.add(new StrataEntry<>(entry.getKey(), entry.getValue()));
      }
      writeFailure = ctx.writer().writeAll(entries);
      if (writeFailure != null) {
        failed = new HashSet<>();
        for (Cache.Entry<? extends K, ? extends V> entry : entries) {
          failed.add(entry.getKey());
        }
      }
    }
    int puts = 0;
    try {
      for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
        K key = entry.getKey();
        if (!failed.contains(key) && putOne(key, entry.getValue(), stored.get(key), false).written()) {
          puts++;
        }
      }
    } catch (RuntimeException e) {
      Failures.flushSuppressed(ctx, e);
      throw e;
    }
    ctx.statistics().recordPuts(puts);
    if (puts > 0) {
      recordPutTime(start);
    }
    flushThenThrow(writeFailure);
  }

  public boolean putIfAbsent(K key, V value) {
    requireKeyValue(key, value);
    long start = ctx.startTimer();
    Object stored = ctx.stored(value);
    var outcome = new Outcome();
    long now = ctx.now();
    run(() -> ctx.store().compute(ctx.storedKey(key), current -> {
      outcome.reset();
      if (current != null) {
        outcome.found = true;
        return current;
      }
      ctx.writer().write(key, value);
      outcome.newValue = stored;
      long expiresAt = ctx.expiry().forCreation(now);
      if (ExpiryCalculator.isExpired(expiresAt, now)) {
        outcome.expiredAtOnce = true;
        return null;
      }
      outcome.created = true;
      return new StoreEntry(stored, expiresAt);
    }));
    publishWrite(key, outcome);
    if (outcome.found) {
      ctx.statistics().recordHits(1);
    } else {
      ctx.statistics().recordMisses(1);
    }
    if (outcome.created) {
      ctx.statistics().recordPuts(1);
      recordPutTime(start);
    }
    ctx.events().flush();
    return outcome.created;
  }

  public boolean remove(K key) {
    Objects.requireNonNull(key, "key");
    long start = ctx.startTimer();
    Outcome outcome = run(() -> removeOne(key, true));
    if (outcome.removed) {
      ctx.statistics().recordRemovals(1);
      recordRemoveTime(start);
    }
    ctx.events().flush();
    return outcome.removed;
  }

  public V getAndRemove(K key) {
    Objects.requireNonNull(key, "key");
    long start = ctx.startTimer();
    Outcome outcome = run(() -> removeOne(key, true));
    V previous = outcome.removed ? ctx.value(outcome.oldValue) : null;
    recordGet(outcome.removed, start);
    if (outcome.removed) {
      ctx.statistics().recordRemovals(1);
      recordRemoveTime(start);
    }
    ctx.events().flush();
    return previous;
  }

  private Outcome removeOne(K key, boolean callWriter) {
    var outcome = new Outcome();
    ctx.store().compute(key, current -> {
      outcome.reset();
      if (callWriter) {
        ctx.writer().delete(key);
      }
      if (current != null) {
        outcome.oldValue = current.value();
        outcome.removed = true;
      }
      return null;
    });
    if (outcome.removed) {
      ctx.publishRemoved(key, outcome.oldValue);
    }
    return outcome;
  }

  public boolean remove(K key, V expected) {
    requireKeyValue(key, expected);
    long start = ctx.startTimer();
    var outcome = new Outcome();
    long now = ctx.now();
    run(() -> ctx.store().compute(key, current -> {
      outcome.reset();
      if (current == null) {
        return null;
      }
      outcome.found = true;
      if (!expected.equals(ctx.value(current.value()))) {
        return accessed(current, now);
      }
      ctx.writer().delete(key);
      outcome.oldValue = current.value();
      outcome.removed = true;
      return null;
    }));
    if (outcome.removed) {
      ctx.publishRemoved(key, outcome.oldValue);
      ctx.statistics().recordRemovals(1);
      recordRemoveTime(start);
    }
    recordHitOrMiss(outcome.found);
    ctx.events().flush();
    return outcome.removed;
  }

  public boolean replace(K key, V expected, V value) {
    requireKeyValue(key, expected);
    Objects.requireNonNull(value, "value");
    long start = ctx.startTimer();
    Object stored = ctx.stored(value);
    var outcome = new Outcome();
    long now = ctx.now();
    run(() -> ctx.store().compute(key, current -> {
      outcome.reset();
      if (current == null) {
        return null;
      }
      outcome.found = true;
      if (!expected.equals(ctx.value(current.value()))) {
        return accessed(current, now);
      }
      ctx.writer().write(key, value);
      outcome.oldValue = current.value();
      outcome.newValue = stored;
      outcome.updated = true;
      return new StoreEntry(stored, updatedExpiry(current, now));
    }));
    publishWrite(key, outcome);
    recordGet(outcome.found, start);
    if (outcome.updated) {
      ctx.statistics().recordPuts(1);
      recordPutTime(start);
    }
    ctx.events().flush();
    return outcome.updated;
  }

  public boolean replace(K key, V value) {
    return replaceOne(key, value) != null;
  }

  public V getAndReplace(K key, V value) {
    Object previous = replaceOne(key, value);
    return previous == null ? null : ctx.value(previous);
  }

  /** Replaces a present value; returns the stored form of the value replaced, or null. */
  private Object replaceOne(K key, V value) {
    requireKeyValue(key, value);
    long start = ctx.startTimer();
    Object stored = ctx.stored(value);
    var outcome = new Outcome();
    long now = ctx.now();
    run(() -> ctx.store().compute(key, current -> {
      outcome.reset();
      if (current == null) {
        return null;
      }
      ctx.writer().write(key, value);
      outcome.oldValue = current.value();
      outcome.newValue = stored;
      outcome.updated = true;
      return new StoreEntry(stored, updatedExpiry(current, now));
    }));
    publishWrite(key, outcome);
    recordGet(outcome.updated, start);
    if (outcome.updated) {
      ctx.statistics().recordPuts(1);
      recordPutTime(start);
    }
    ctx.events().flush();
    return outcome.oldValue;
  }

  public void removeAll(Set<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    for (K key : keys) {
      Objects.requireNonNull(key, "a key in keys");
    }
    removeKeys(new LinkedHashSet<>(keys));
  }

  public void removeAll() {
    Set<K> keys = new LinkedHashSet<>();
    var iterator = ctx.store().iterator();
    while (iterator.hasNext()) {
      keys.add(iterator.next().getKey());
    }
    removeKeys(keys);
  }

  private void removeKeys(Set<K> keys) {
    long start = ctx.startTimer();
    Collection<Object> failed = Set.of();
    CacheWriterException writeFailure = null;
    if (ctx.writer().isEnabled() && !keys.isEmpty()) {
      Collection<Object> pending = new LinkedHashSet<>(keys);
      writeFailure = ctx.writer().deleteAll(pending);
      if (writeFailure != null) {
        failed = pending;
      }
    }
    int removed = 0;
    try {
      for (K key : keys) {
        if (!failed.contains(key) && removeOne(key, false).removed) {
          removed++;
        }
      }
    } catch (RuntimeException e) {
      Failures.flushSuppressed(ctx, e);
      throw e;
    }
    ctx.statistics().recordRemovals(removed);
    if (removed > 0) {
      recordRemoveTime(start);
    }
    flushThenThrow(writeFailure);
  }

  /** The expiry instant of an entry being updated. */
  private long updatedExpiry(StoreEntry current, long now) {
    long expiresAt = ctx.expiry().forUpdate(now);
    return expiresAt == ExpiryCalculator.UNCHANGED ? current.expiresAt() : expiresAt;
  }

  /** The entry after a read that did not change its value: access expiry applies. */
  private StoreEntry accessed(StoreEntry current, long now) {
    if (ctx.expiry().isEternal()) {
      return current;
    }
    long expiresAt = ctx.expiry().forAccess(now);
    return expiresAt == ExpiryCalculator.UNCHANGED ? current : current.withExpiry(expiresAt);
  }

  private void publishWrite(K key, Outcome outcome) {
    if (outcome.created) {
      ctx.publishCreated(key, outcome.newValue);
    } else if (outcome.updated) {
      ctx.publishUpdated(key, outcome.oldValue, outcome.newValue);
    } else if (outcome.expiredAtOnce) {
      ctx.publishExpired(key, outcome.newValue);
    }
  }

  /** Runs one step; on failure still delivers the events of what happened before it failed. */
  private <T> T run(java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      Failures.flushSuppressed(ctx, e);
      throw e;
    }
  }

  private void flushThenThrow(CacheWriterException writeFailure) {
    if (writeFailure == null) {
      ctx.events().flush();
      return;
    }
    Failures.flushSuppressed(ctx, writeFailure);
    throw writeFailure;
  }

  private void recordGet(boolean hit, long start) {
    recordHitOrMiss(hit);
    if (start != 0L) {
      ctx.statistics().recordGetTime(ctx.elapsed(start));
    }
  }

  private void recordHitOrMiss(boolean hit) {
    if (hit) {
      ctx.statistics().recordHits(1);
    } else {
      ctx.statistics().recordMisses(1);
    }
  }

  private void recordPutTime(long start) {
    if (start != 0L) {
      ctx.statistics().recordPutTime(ctx.elapsed(start));
    }
  }

  private void recordRemoveTime(long start) {
    if (start != 0L) {
      ctx.statistics().recordRemoveTime(ctx.elapsed(start));
    }
  }

  private static void requireKeyValue(Object key, Object value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }
}
