package dev.strata.jcache.processor;

import dev.strata.jcache.core.CacheContext;
import dev.strata.jcache.core.Failures;
import dev.strata.jcache.core.Outcome;
import dev.strata.jcache.store.StoreEntry;
import java.util.HashMap;
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
    var outcome = new Outcome();
    var counted = new boolean[1];
    var result = new Object[1];
    long now = ctx.now();
    try {
      ctx.store().compute(ctx.storedKey(key), current -> {
        outcome.reset();
        counted[0] = false;
        if (current != null) {
          outcome.found(current.value());
        }
        var entry = new ProcessorEntry<K, V>(key, current == null ? null : current.value(),
            ctx::value, ctx.loader());
        try {
          result[0] = processor.process(entry, arguments);
          StoreEntry next = apply(key, current, entry, outcome, now);
          counted[0] = entry.action() == ProcessorEntry.Action.CREATED
              || entry.action() == ProcessorEntry.Action.UPDATED;
          return next;
        } catch (EntryProcessorException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new EntryProcessorException("The entry processor "
              + processor.getClass().getName() + " failed on key " + key + " of cache '"
              + ctx.name() + "': " + e, e);
        }
      }, ctx.publisher(key, outcome));
    } catch (RuntimeException e) {
      Failures.flushSuppressed(ctx, e);
      throw e;
    }
    record(outcome, counted[0]);
    ctx.events().flush();
    @SuppressWarnings("unchecked")
    T typed = (T) result[0];
    return typed;
  }

  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> processor, Object... arguments) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(processor, "entryProcessor");
    for (K key : keys) {
      Objects.requireNonNull(key, "a key in keys");
    }
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T result = invoke(key, processor, arguments);
        if (result != null) {
          results.put(key, () -> result);
        }
      } catch (EntryProcessorException e) {
        results.put(key, () -> {
          throw e;
        });
      }
    }
    return results;
  }

  private StoreEntry apply(K key, StoreEntry current, ProcessorEntry<K, V> entry,
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
        if (entry.action() == ProcessorEntry.Action.CREATED) {
          ctx.writer().write(key, value);
        }
        return ctx.created(stored, now, outcome);
      }
      case UPDATED: {
        V value = entry.value();
        Object stored = ctx.stored(value);
        ctx.writer().write(key, value);
        outcome.updated(current.value(), stored);
        return new StoreEntry(stored, ctx.updatedExpiry(current, now));
      }
      case DELETED:
        ctx.writer().delete(key);
        if (current != null) {
          outcome.removed(current.value());
        }
        return null;
      default:
        throw new IllegalStateException("Unknown action " + entry.action());
    }
  }

  private void record(Outcome outcome, boolean counted) {
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
}
