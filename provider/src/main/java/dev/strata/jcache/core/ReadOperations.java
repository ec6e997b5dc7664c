package dev.strata.jcache.core;

import dev.strata.jcache.expiry.ExpiryCalculator;
import dev.strata.jcache.integration.LoaderSupport;
import dev.strata.jcache.store.JournalChange;
import dev.strata.jcache.store.PendingChange;
import dev.strata.jcache.store.Step;
import dev.strata.jcache.store.KeyStep;
import dev.strata.jcache.store.StoreEntry;
import dev.strata.jcache.store.StoreUnavailableException;
import dev.strata.jcache.strategy.SingleFlightLoads;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The read path of a cache: {@code get}, {@code getAll} and {@code containsKey}, with access
 * expiry, read-through on a miss and the hit and miss statistics.
 *
 * <p>A read-through miss loads inside the store's atomic operation for the key, so concurrent
 * readers of one missing key wait for one load instead of each calling the loader, and a value
 * written meanwhile is never overwritten by the loaded one.
 *
 * <p>A write-behind cache does not load a key whose change its writer has yet to receive: the
 * loader would read the system of record's older row (or the row of a key since removed) and
 * bring it back into the cache for good. Such a miss answers from the journal instead, in the
 * same atomic step: a pending delete leaves the key absent, and a pending write (of an entry
 * evicted or expired before its write reached the writer) is the value read. That value is
 * stored back as a loaded value would be, with the creation expiry, a created event and no
 * journal record (its write is pending already): the key reads as it would had it been loaded
 * from a system of record that has the write, and the next read hits instead of asking the
 * journal again. The read counts as a miss, as a load does.
 */
public final class ReadOperations<K, V> {
  private final CacheContext<K, V> ctx;
  private final SingleFlightLoads<K> singleFlight;

  public ReadOperations(CacheContext<K, V> ctx) {
    this(ctx, null);
  }

  /**
   * @param singleFlight loads a read-through miss once across JVMs, or {@code null} to load it
   *     in this JVM's step alone
   */
  public ReadOperations(CacheContext<K, V> ctx, SingleFlightLoads<K> singleFlight) {
    this.ctx = ctx;
    this.singleFlight = singleFlight;
  }

  public V get(K key) {
    Objects.requireNonNull(key, "key");
    long start = ctx.startTimer();
    V value;
    try {
      StoreEntry entry;
      try {
        entry = ctx.store().get(key);
      } catch (StoreUnavailableException e) {
        if (!ctx.loaderFallback()) {
          throw e;
        }
        ctx.statistics().recordMisses(1);
        return ctx.loader().load(key);
      }
      if (entry == null) {
        ctx.statistics().recordMisses(1);
        value = ctx.loader() == null ? null : loadMissing(key);
      } else {
        touch(key, entry);
        ctx.statistics().recordHits(1);
        value = ctx.value(entry.value());
      }
    } catch (RuntimeException e) {
      Failures.flushSuppressed(ctx, e);
      throw e;
    }
    if (start != 0L) {
      ctx.statistics().recordGetTime(ctx.elapsed(start));
    }
    ctx.events().flush();
    return value;
  }

  public boolean containsKey(K key) {
    Objects.requireNonNull(key, "key");
    boolean present = ctx.store().get(key) != null;
    ctx.events().flush();
    return present;
  }

  public Map<K, V> getAll(Set<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    for (K key : keys) {
      Objects.requireNonNull(key, "a key in keys");
    }
    long start = ctx.startTimer();
    // the store hands each hit straight to the result: the one map a getAll allocates
    Map<K, V> result = new HashMap<>(Math.max(4, keys.size() * 4 / 3 + 1));
    try {
      ctx.store().forEachPresent(keys, (key, entry) -> {
        touch(key, entry);
        result.put(key, ctx.value(entry.value()));
      });
      int found = result.size();
      ctx.statistics().recordHits(found);
      ctx.statistics().recordMisses(keys.size() - found);
      if (ctx.loader() != null && found < keys.size()) {
        List<K> missing = new ArrayList<>(keys.size() - found);
        for (K key : keys) {
          if (!result.containsKey(key)) {
            missing.add(key);
          }
        }
        result.putAll(loadAll(ctx.loader(), missing, false));
      }
    } catch (RuntimeException e) {
      Failures.flushSuppressed(ctx, e);
      throw e;
    }
    if (start != 0L) {
      ctx.statistics().recordGetTime(ctx.elapsed(start));
    }
    ctx.events().flush();
    return result;
  }

  /**
   * Applies the expiry policy's access duration to an entry just read. A duration of zero makes
   * the entry expire now; the store reports it expired when it is next met.
   */
  void touch(K key, StoreEntry entry) {
    ExpiryCalculator expiry = ctx.expiry();
    if (expiry.isEternal()) {
      return;
    }
    long expiresAt = expiry.forAccess(expiry.now());
    if (expiresAt == ExpiryCalculator.UNCHANGED || expiresAt == entry.expiresAt()) {
      return;
    }
    // applied to whatever the key holds by now: a write that came between set its own expiry,
    // and this read still counts as an access of the key
    ctx.store().touch(key, expiresAt);
  }

  /** A read-through miss: loaded here, or once across JVMs when the cache is single-flight. */
  private V loadMissing(K key) {
    return singleFlight == null ? loadIfAbsent(key)
        : singleFlight.load(key, this::loadIfAbsent, entry -> ctx.value(entry.value()));
  }

  /** Loads a missing key and stores the value unless the key gained one meanwhile. */
  private V loadIfAbsent(K key) {
    LoaderSupport<K, V> loader = ctx.loader();
    var outcome = new Outcome();
    long now = ctx.now();
    StoreEntry stored = ctx.store().compute(ctx.storedKey(key), current -> {
      outcome.reset();
      return current != null ? current : missed(key, loader, now, outcome);
    }, ctx.publisher(key, outcome));
    if (stored != null) {
      return ctx.value(stored.value());
    }
    return outcome.newValue() == null ? null : ctx.value(outcome.newValue());
  }

  /**
   * The step a read-through miss of the key takes, inside the key's step: to the key's pending
   * change if the cache writes behind and has one (see the class comment), else to the loaded
   * value; guarded by what the journal answered, so that it commits only while that holds.
   */
  private Step missed(K key, LoaderSupport<K, V> loader, long now, Outcome outcome) {
    PendingChange pending = ctx.pendingChange(key);
    if (pending != null && pending.isPending()) {
      return Step.guarded(fromJournal(pending.change(), now, outcome), pending.guard());
    }
    V loaded = loader.load(key);
    StoreEntry entry = loaded == null ? null : ctx.created(ctx.stored(loaded), now, outcome);
    return pending == null ? entry : Step.guarded(entry, pending.guard());
  }

  /** The entry of a missing key that a pending change answers: none for a delete. */
  private StoreEntry fromJournal(JournalChange pending, long now, Outcome outcome) {
    return pending.isDelete() ? null : ctx.created(pending.stored(), now, outcome);
  }

  /**
   * Loads the keys through the loader's {@code loadAll} and stores the values; with
   * {@code replaceExisting} false a key that gained a value meanwhile keeps it.
   *
   * <p>A write-behind cache passes the loader none of the keys with a pending change: those
   * keep their entry, or, missing, answer from the journal as a read-through miss does, each in
   * its own step. A loaded key that gained a pending change before its step keeps its entry too.
   *
   * @return the values now cached for the loaded keys
   */
  public Map<K, V> loadAll(LoaderSupport<K, V> loader, List<? extends K> keys,
      boolean replaceExisting) {
    Map<K, PendingChange> pending = ctx.pendingChanges(keys);
    List<? extends K> toLoad = keys;
    if (!pending.isEmpty()) {
      List<K> unchanged = new ArrayList<>(keys.size());
      for (K key : keys) {
        if (!pending.containsKey(key)) {
          unchanged.add(key);
        }
      }
      toLoad = unchanged;
    }
    Map<K, V> loaded = toLoad.isEmpty() ? Map.of() : loader.loadAll(toLoad);
    long now = ctx.now();
    List<KeyStep<K>> steps = new ArrayList<>(loaded.size() + pending.size());
    Map<K, StoreEntry[]> kept = new HashMap<>();
    for (K key : pending.keySet()) {
      var outcome = new Outcome();
      var result = new StoreEntry[1];
      kept.put(key, result);
      steps.add(new KeyStep<>(ctx.storedKey(key), current -> {
        outcome.reset();
        Step step = current != null ? current : missed(key, loader, now, outcome);
        result[0] = Step.nextOf(step);
        return step;
      }, ctx.publisher(key, outcome)));
    }
    for (Map.Entry<K, V> entry : loaded.entrySet()) {
      K key = entry.getKey();
      if (key == null || entry.getValue() == null || pending.containsKey(key)) {
        continue;
      }
      Object value = ctx.stored(entry.getValue());
      var outcome = new Outcome();
      var result = new StoreEntry[1];
      kept.put(key, result);
      steps.add(new KeyStep<>(ctx.storedKey(key), current -> {
        outcome.reset();
        PendingChange change = current == null || replaceExisting
            ? ctx.pendingChange(key) : null;
        if (change != null && change.isPending()) {
          // changed since the loader was asked: the loaded value is older than the change
          result[0] = current != null ? current : fromJournal(change.change(), now, outcome);
          return Step.guarded(result[0], change.guard());
        }
        result[0] = loaded(current, value, replaceExisting, now, outcome);
        return change == null ? result[0] : Step.guarded(result[0], change.guard());
      }, ctx.publisher(key, outcome)));
    }
    ctx.store().computeAll(steps);
    Map<K, V> result = new HashMap<>();
    for (Map.Entry<K, StoreEntry[]> entry : kept.entrySet()) {
      StoreEntry stored = entry.getValue()[0];
      if (stored != null) {
        result.put(entry.getKey(), ctx.value(stored.value()));
      }
    }
    return result;
  }

  /** The entry a loaded value makes of the key's current one. */
  private StoreEntry loaded(StoreEntry current, Object value, boolean replaceExisting, long now,
      Outcome outcome) {
    if (current == null) {
      return ctx.created(value, now, outcome);
    }
    if (!replaceExisting) {
      return current;
    }
    long expiresAt = ctx.updatedExpiry(current, now);
    if (ExpiryCalculator.isExpired(expiresAt, now)) {
      outcome.expired(current.value());
      return null;
    }
    outcome.updated(current.value(), value);
    return new StoreEntry(value, expiresAt);
  }
}
