package dev.strata.jcache.core;

import dev.strata.jcache.StrataEntry;
import dev.strata.jcache.store.JournalChange;
import dev.strata.jcache.store.KeyStep;
import dev.strata.jcache.store.KeyWrite;
import dev.strata.jcache.store.Remapper;
import dev.strata.jcache.store.Step;
import dev.strata.jcache.store.StoreEntry;
import dev.strata.jcache.store.Write;
import dev.strata.jcache.store.Written;
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
import javax.cache.event.EventType;
import javax.cache.integration.CacheWriterException;

/**
 * The write path of a cache: puts, removes, replaces and their bulk forms.
 *
 * <p>Each single-key operation is one atomic step on the store. The value is encoded before the
 * step, so a value that cannot be stored fails with the cache unchanged; a write-through cache
 * calls its writer inside the step, before the change, so a failed write leaves the cache
 * unchanged too. The step's event is published when the store commits it, while the key is still
 * held, so listeners see a key's changes in the order they were made; statistics follow after.
 *
 * <p>A write whose decision needs only whether the key is present (put, remove, putIfAbsent,
 * replace of any value, and their bulk forms) is handed to the store as a {@link Write}, which a
 * remote store decides on its server in one round trip; the cache still decides its expiry
 * instants, journal change and which event it makes from what the store found. A write-through
 * cache calls its writer inside the step, a cache with an expiry policy of its own asks it only
 * for the duration that applies, and the forms that compare values with
 * {@code equals} or return the previous value decode it inside the step: those stay
 * {@link dev.strata.jcache.store.Store#compute computed} steps.
 */
public final class WriteOperations<K, V> {
  private final CacheContext<K, V> ctx;

  public WriteOperations(CacheContext<K, V> ctx) {
    this.ctx = ctx;
  }

  public void put(K key, V value) {
    requireKeyValue(key, value);
    long start = ctx.startTimer();
    Outcome outcome = Failures.flushingOnFailure(ctx, () ->
        putOne(key, value, ctx.stored(value), true));
    if (outcome.written()) {
      ctx.statistics().recordPuts(1);
      recordPutTime(start);
    }
    ctx.events().flush();
  }

  public V getAndPut(K key, V value) {
    requireKeyValue(key, value);
    long start = ctx.startTimer();
    Object stored = ctx.stored(value);
    Outcome outcome = Failures.flushingOnFailure(ctx, () -> {
      ctx.writer().admit();
      var result = new Outcome();
      ctx.store().compute(ctx.storedKey(key), returningPrevious(
          putting(key, value, stored, true, result, ctx.now()), result),
          ctx.publisher(key, result));
      return result;
    });
    @SuppressWarnings("unchecked")
    V previous = outcome.wasFound() ? (V) outcome.previous() : null;
    recordGet(outcome.wasFound(), start);
    if (outcome.written()) {
      ctx.statistics().recordPuts(1);
      recordPutTime(start);
    }
    ctx.events().flush();
    return previous;
  }

  private Outcome putOne(K key, V value, Object stored, boolean callWriter) {
    ctx.writer().admit();
    var outcome = new Outcome();
    if (ctx.writesDecidedByStore()) {
      long now = ctx.now();
      return written(ctx.storedKey(key), key, Write.put(stored, ctx.createdExpiry(now),
          ctx.updatedExpiry(now), ctx.writer().write(key, value, stored),
          ctx.wantsPrevious(EventType.UPDATED)), outcome);
    }
    ctx.store().compute(ctx.storedKey(key), putting(key, value, stored, callWriter, outcome,
        ctx.now()), ctx.publisher(key, outcome));
    return outcome;
  }

  /**
   * A remapper that first decodes the value it finds into {@link Outcome#previous}, then runs
   * {@code then}: an unreadable value fails the step before {@code then} decides anything.
   */
  private Remapper returningPrevious(Remapper then, Outcome outcome) {
    return current -> {
      Object previous = current == null ? null : ctx.value(current.value());
      var step = then.remap(current);
      outcome.previous(previous);
      return step;
    };
  }

  /** The remapper of a put: creates or updates the entry, recording which into the outcome. */
  private Remapper putting(K key, V value, Object stored, boolean callWriter, Outcome outcome,
      long now) {
    return current -> {
      outcome.reset();
      JournalChange change = callWriter ? ctx.writer().write(key, value, stored) : null;
      if (current == null) {
        return Step.of(ctx.created(stored, now, outcome), change);
      }
      outcome.found(current.value());
      outcome.updated(current.value(), stored);
      return Step.of(new StoreEntry(stored, ctx.updatedExpiry(current, now)), change);
    };
  }

  public void putAll(Map<? extends K, ? extends V> map) {
    Objects.requireNonNull(map, "map");
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      requireKeyValue(entry.getKey(), entry.getValue());
    }
    Map<K, Object> stored = new LinkedHashMap<>(Math.max(4, map.size() * 4 / 3 + 1));
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      stored.put(entry.getKey(), ctx.stored(entry.getValue()));
    }
    long start = ctx.startTimer();
    Set<Object> failed = Set.of();
    CacheWriterException writeFailure = null;
    ctx.writer().admit();
    if (ctx.writer().isThrough() && !map.isEmpty()) {
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
    int puts = ctx.expiry().isFixed() ? putDecided(map, stored, failed)
        : putComputed(map, stored, failed);
    ctx.statistics().recordPuts(puts);
    if (puts > 0) {
      recordPutTime(start);
    }
    flushThenThrow(writeFailure);
  }

  /** The puts of {@code putAll} as writes the store decides; returns how many were written. */
  private int putDecided(Map<? extends K, ? extends V> map, Map<K, Object> stored,
      Set<Object> failed) {
    long now = ctx.now();
    long createdAt = ctx.createdExpiry(now);
    long updatedAt = ctx.updatedExpiry(now);
    boolean previousWanted = ctx.wantsPrevious(EventType.UPDATED);
    boolean behind = ctx.writer().isBehind();
    List<KeyWrite<K>> writes = new ArrayList<>(map.size());
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      K key = entry.getKey();
      if (!failed.contains(key)) {
        Object value = stored.get(key);
        var write = Write.put(value, createdAt, updatedAt,
            behind ? JournalChange.write(value) : null, previousWanted);
        writes.add(new KeyWrite<>(ctx.storedKey(key), write,
            ctx.writePublisher(key, write, null)));
      }
    }
    List<Written> found = Failures.flushingOnFailure(ctx, () -> ctx.store().writeAll(writes));
    return count(writes, found, Outcome.Change.CREATED, Outcome.Change.UPDATED);
  }

  /**
   * The puts of {@code putAll} as steps, for a cache whose expiry policy is asked only for the
   * duration that applies to each key; returns how many were written.
   */
  private int putComputed(Map<? extends K, ? extends V> map, Map<K, Object> stored,
      Set<Object> failed) {
    long now = ctx.now();
    List<KeyStep<K>> steps = new ArrayList<>(map.size());
    List<Outcome> outcomes = new ArrayList<>(map.size());
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      K key = entry.getKey();
      if (!failed.contains(key)) {
        var outcome = new Outcome();
        outcomes.add(outcome);
        steps.add(new KeyStep<>(ctx.storedKey(key),
            putting(key, entry.getValue(), stored.get(key), ctx.writer().isBehind(), outcome,
                now),
            ctx.publisher(key, outcome)));
      }
    }
    Failures.flushingOnFailure(ctx, () -> ctx.store().computeAll(steps));
    int puts = 0;
    for (Outcome outcome : outcomes) {
      if (outcome.written()) {
        puts++;
      }
    }
    return puts;
  }

  public boolean putIfAbsent(K key, V value) {
    requireKeyValue(key, value);
    long start = ctx.startTimer();
    Object stored = ctx.stored(value);
    long now = ctx.now();
    Outcome outcome = ctx.writesDecidedByStore()
        ? decided(ctx.storedKey(key), key, new Write(stored, Write.Condition.ABSENT,
            ctx.createdExpiry(now), Write.KEEP, ctx.writer().write(key, value, stored), false))
        : step(ctx.storedKey(key), (current, outcome1) -> {
          if (current != null) {
            outcome1.found(current.value());
            return current;
          }
          JournalChange change = ctx.writer().write(key, value, stored);
          return Step.of(ctx.created(stored, now, outcome1), change);
        }, key);
    recordHitOrMiss(outcome.wasFound());
    boolean created = outcome.change() == Outcome.Change.CREATED;
    if (created) {
      ctx.statistics().recordPuts(1);
      recordPutTime(start);
    }
    ctx.events().flush();
    return created;
  }

  public boolean remove(K key) {
    Objects.requireNonNull(key, "key");
    long start = ctx.startTimer();
    Outcome outcome = Failures.flushingOnFailure(ctx, () -> removeOne(key, true));
    boolean removed = outcome.change() == Outcome.Change.REMOVED;
    if (removed) {
      ctx.statistics().recordRemovals(1);
      recordRemoveTime(start);
    }
    ctx.events().flush();
    return removed;
  }

  public V getAndRemove(K key) {
    Objects.requireNonNull(key, "key");
    long start = ctx.startTimer();
    Outcome outcome = Failures.flushingOnFailure(ctx, () -> {
      ctx.writer().admit();
      var result = new Outcome();
      ctx.store().compute(key, returningPrevious(removing(key, true, result), result),
          ctx.publisher(key, result));
      return result;
    });
    boolean removed = outcome.change() == Outcome.Change.REMOVED;
    @SuppressWarnings("unchecked")
    V previous = removed ? (V) outcome.previous() : null;
    recordGet(removed, start);
    if (removed) {
      ctx.statistics().recordRemovals(1);
      recordRemoveTime(start);
    }
    ctx.events().flush();
    return previous;
  }

  private Outcome removeOne(K key, boolean callWriter) {
    ctx.writer().admit();
    var outcome = new Outcome();
    if (!ctx.writer().isThrough()) {
      // a remove asks the expiry policy nothing, whatever the policy
      return written(key, key, Write.delete(ctx.writer().delete(key),
          ctx.wantsPrevious(EventType.REMOVED)), outcome);
    }
    ctx.store().compute(key, removing(key, callWriter, outcome), ctx.publisher(key, outcome));
    return outcome;
  }

  /** The remapper of a remove: records the value it removes, if any. */
  private Remapper removing(K key, boolean callWriter, Outcome outcome) {
    return current -> {
      outcome.reset();
      JournalChange change = callWriter ? ctx.writer().delete(key) : null;
      if (current != null) {
        outcome.removed(current.value());
      }
      return Step.of(null, change);
    };
  }

  public boolean remove(K key, V expected) {
    requireKeyValue(key, expected);
    long start = ctx.startTimer();
    long now = ctx.now();
    Outcome outcome = step(key, (current, outcome1) -> {
      if (current == null) {
        return null;
      }
      outcome1.found(current.value());
      if (!expected.equals(ctx.value(current.value()))) {
        return ctx.accessed(current, now);
      }
      JournalChange change = ctx.writer().delete(key);
      outcome1.removed(current.value());
      return Step.of(null, change);
    }, key);
    boolean removed = outcome.change() == Outcome.Change.REMOVED;
    if (removed) {
      ctx.statistics().recordRemovals(1);
      recordRemoveTime(start);
    }
    recordHitOrMiss(outcome.wasFound());
    ctx.events().flush();
    return removed;
  }

  public boolean replace(K key, V expected, V value) {
    requireKeyValue(key, expected);
    Objects.requireNonNull(value, "value");
    return replaceWhen(key, value, expected, false).change() == Outcome.Change.UPDATED;
  }

  public boolean replace(K key, V value) {
    requireKeyValue(key, value);
    return replaceWhen(key, value, null, false).change() == Outcome.Change.UPDATED;
  }

  public V getAndReplace(K key, V value) {
    requireKeyValue(key, value);
    Outcome outcome = replaceWhen(key, value, null, true);
    @SuppressWarnings("unchecked")
    V previous = outcome.change() == Outcome.Change.UPDATED ? (V) outcome.previous() : null;
    return previous;
  }

  /**
   * Replaces a present value, when it equals {@code expected} if that is given; an entry found
   * but not replaced counts as accessed. With {@code returnPrevious}, the value found is decoded
   * into the outcome before anything is decided.
   */
  private Outcome replaceWhen(K key, V value, V expected, boolean returnPrevious) {
    long start = ctx.startTimer();
    Object stored = ctx.stored(value);
    long now = ctx.now();
    Outcome outcome = expected == null && !returnPrevious && ctx.writesDecidedByStore()
        ? decided(key, key, new Write(stored, Write.Condition.PRESENT, Write.AT_ONCE,
            ctx.updatedExpiry(now), ctx.writer().write(key, value, stored),
            ctx.wantsPrevious(EventType.UPDATED)))
        : step(key, (current, outcome1) -> {
          if (current == null) {
            return null;
          }
          if (returnPrevious) {
            outcome1.previous(ctx.value(current.value()));
          }
          outcome1.found(current.value());
          if (expected != null && !expected.equals(ctx.value(current.value()))) {
            return ctx.accessed(current, now);
          }
          JournalChange change = ctx.writer().write(key, value, stored);
          outcome1.updated(current.value(), stored);
          return Step.of(new StoreEntry(stored, ctx.updatedExpiry(current, now)), change);
        }, key);
    recordGet(outcome.wasFound(), start);
    if (outcome.change() == Outcome.Change.UPDATED) {
      ctx.statistics().recordPuts(1);
      recordPutTime(start);
    }
    ctx.events().flush();
    return outcome;
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
    ctx.writer().admit();
    if (ctx.writer().isThrough() && !keys.isEmpty()) {
      Collection<Object> pending = new LinkedHashSet<>(keys);
      writeFailure = ctx.writer().deleteAll(pending);
      if (writeFailure != null) {
        failed = pending;
      }
    }
    boolean previousWanted = ctx.wantsPrevious(EventType.REMOVED);
    var write = Write.delete(ctx.writer().isBehind() ? JournalChange.DELETE : null,
        previousWanted);
    List<KeyWrite<K>> writes = new ArrayList<>(keys.size());
    for (K key : keys) {
      if (!failed.contains(key)) {
        writes.add(new KeyWrite<>(key, write, ctx.writePublisher(key, write, null)));
      }
    }
    List<Written> found = Failures.flushingOnFailure(ctx, () -> ctx.store().writeAll(writes));
    int removed = count(writes, found, Outcome.Change.REMOVED, Outcome.Change.REMOVED);
    ctx.statistics().recordRemovals(removed);
    if (removed > 0) {
      recordRemoveTime(start);
    }
    flushThenThrow(writeFailure);
  }

  /** A write the store decides, its outcome recorded from what the store found. */
  private Outcome decided(K storedKey, K eventKey, Write write) {
    ctx.writer().admit();
    return Failures.flushingOnFailure(ctx, () -> written(storedKey, eventKey, write,
        new Outcome()));
  }

  private Outcome written(K storedKey, K eventKey, Write write, Outcome outcome) {
    Written found = ctx.store().write(storedKey, write,
        ctx.writePublisher(eventKey, write, outcome));
    outcome.recordWrite(write, found);
    return outcome;
  }

  /** How many of the writes made one of the two changes, by what each found. */
  private static <K> int count(List<KeyWrite<K>> writes, List<Written> found, Outcome.Change one,
      Outcome.Change other) {
    int count = 0;
    for (int i = 0; i < writes.size(); i++) {
      Outcome.Change change = Outcome.changeOf(writes.get(i).write(), found.get(i));
      if (change == one || change == other) {
        count++;
      }
    }
    return count;
  }

  /** One step on the key, deciding through {@code decision} and recording into its outcome. */
  private Outcome step(K key, Decision decision, K eventKey) {
    ctx.writer().admit();
    var outcome = new Outcome();
    Remapper remapper = current -> {
      outcome.reset();
      return decision.decide(current, outcome);
    };
    Failures.flushingOnFailure(ctx, () ->
        ctx.store().compute(key, remapper, ctx.publisher(eventKey, outcome)));
    return outcome;
  }

  /** A step's decision for the entry it found, recorded into a freshly reset outcome. */
  @FunctionalInterface
  private interface Decision {
    Step decide(StoreEntry current, Outcome outcome);
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
