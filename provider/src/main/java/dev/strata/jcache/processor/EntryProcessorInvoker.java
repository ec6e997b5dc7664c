package dev.strata.jcache.processor;

import dev.strata.jcache.core.CacheContext;
import dev.strata.jcache.core.Failures;
import dev.strata.jcache.core.Outcome;
import dev.strata.jcache.store.JournalChange;
import dev.strata.jcache.store.KeyStep;
import dev.strata.jcache.store.Remapper;
import dev.strata.jcache.store.Step;
import dev.strata.jcache.store.StoreEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * Runs entry processors: {@code invoke} and {@code invokeAll}.
 *
 * <p>The processor runs inside the store's atomic step for its key, so no other write to the key
 * interleaves; the net effect it recorded on its {@link ProcessorEntry} is then applied in the
 * same step, the writer called first for write-through caches. Any failure, the processor's own
 * or the writer's, leaves the entry unchanged and reaches the caller as an
 * {@link EntryProcessorException}.
 */
public final class EntryProcessorInvoker<K, V> {
  private final CacheContext<K, V> ctx;

  public EntryProcessorInvoker(CacheContext<K, V> ctx) {
    this.ctx = ctx;
  }

  public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(processor, "entryProcessor");
    var run = new Run<T>();
    ctx.writer().admit();
    Failures.flushingOnFailure(ctx, () -> ctx.store().compute(ctx.storedKey(key),
        processing(key, processor, arguments, run, ctx.now()), ctx.publisher(key, run.outcome)));
    record(run);
    ctx.events().flush();
    return run.result;
  }

  /**
   * Runs the processor on every key, in one bulk step on the store. A key whose processor (or
   * writer) fails keeps its entry, and its result throws the failure; the other keys go on.
   */
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> processor, Object... arguments) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(processor, "entryProcessor");
    for (K key : keys) {
      Objects.requireNonNull(key, "a key in keys");
    }
    ctx.writer().admit();
    long now = ctx.now();
    Map<K, Run<T>> runs = new LinkedHashMap<>();
    List<KeyStep<K>> steps = new ArrayList<>(keys.size());
    for (K key : keys) {
      var run = new Run<T>();
      runs.put(key, run);
      Remapper processing = processing(key, processor, arguments, run, now);
      steps.add(new KeyStep<>(ctx.storedKey(key), current -> {
        run.failure = null;
        try {
          return processing.remap(current);
        } catch (EntryProcessorException e) {
          run.failure = e;
          run.outcome.reset();
          return current;
        }
      }, ctx.publisher(key, run.outcome)));
    }
    Failures.flushingOnFailure(ctx, () -> ctx.store().computeAll(steps));
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (Map.Entry<K, Run<T>> entry : runs.entrySet()) {
      Run<T> run = entry.getValue();
      EntryProcessorException failure = run.failure;
      if (failure != null) {
        results.put(entry.getKey(), () -> {
          throw failure;
        });
        continue;
      }
      record(run);
      T result = run.result;
      if (result != null) {
        results.put(entry.getKey(), () -> result);
      }
    }
    ctx.events().flush();
    return results;
  }

  /** The remapper that runs the processor on the key's entry and applies what it did. */
  private <T> Remapper processing(K key, EntryProcessor<K, V, T> processor, Object[] arguments,
      Run<T> run, long now) {
    return current -> {
      run.outcome.reset();
      run.counted = false;
      if (current != null) {
        run.outcome.found(current.value());
      }
      var entry = new ProcessorEntry<K, V>(key, current == null ? null : current.value(),
          ctx::value, ctx.loader(), ctx::pendingChange);
      try {
        run.result = processor.process(entry, arguments);
        Step next = Step.guarded(apply(key, current, entry, run.outcome, now),
            entry.journalGuard());
        run.counted = entry.action() == ProcessorEntry.Action.CREATED
            || entry.action() == ProcessorEntry.Action.UPDATED;
        return next;
      } catch (EntryProcessorException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new EntryProcessorException("The entry processor "
            + processor.getClass().getName() + " failed on key " + key + " of cache '"
            + ctx.name() + "': " + e, e);
      }
    };
  }

  private Step apply(K key, StoreEntry current, ProcessorEntry<K, V> entry,
      Outcome outcome, long now) {
    switch (entry.action()) {
      case NONE:
        return current;
      case READ:
        return ctx.accessed(current, now);
      case CREATED:
      case LOADED: {
        V value = entry.value();
        Object stored = ctx.stored(value);
        JournalChange change = entry.action() == ProcessorEntry.Action.CREATED
            ? ctx.writer().write(key, value, stored) : null;
        return Step.of(ctx.created(stored, now, outcome), change);
      }
      case UPDATED: {
        V value = entry.value();
        Object stored = ctx.stored(value);
        JournalChange change = ctx.writer().write(key, value, stored);
        outcome.updated(current.value(), stored);
        return Step.of(new StoreEntry(stored, ctx.updatedExpiry(current, now)), change);
      }
      case DELETED:
        JournalChange change = ctx.writer().delete(key);
        if (current != null) {
          outcome.removed(current.value());
        }
        return Step.of(null, change);
      default:
        throw new IllegalStateException("Unknown action " + entry.action());
    }
  }

  private void record(Run<?> run) {
    Outcome outcome = run.outcome;
    boolean counted = run.counted;
    if (outcome.wasFound()) {
      ctx.statistics().recordHits(1);
    } else {
      ctx.statistics().recordMisses(1);
    }
    if (outcome.change() == Outcome.Change.REMOVED) {
      ctx.statistics().recordRemovals(1);
    }
    if (counted && outcome.written()) {
      ctx.statistics().recordPuts(1);
    }
  }

  /** One key's run of a processor: what it returned, what it did, and how it failed. */
  private static final class Run<T> {
    final Outcome outcome = new Outcome();
    T result;
    boolean counted;
    EntryProcessorException failure;
  }
}
