package dev.strata.jcache.processor;

import dev.strata.jcache.core.CacheContext;
import dev.strata.jcache.expiry.ExpiryCalculator;
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
    var outcome = new Step<T>();
    long now = ctx.now();
    try {
      ctx.store().compute(ctx.storedKey(key), current -> {
        outcome.reset(current);
        var entry = new ProcessorEntry<K, V>(key, current == null ? null : current.value(),
            ctx::value, ctx.loader());
        try {
          outcome.result = processor.process(entry, arguments);
          return apply(key, current, entry, outcome, now);
        } catch (EntryProcessorException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new EntryProcessorException(e);
        }
      });
    } catch (RuntimeException e) {
      flushSuppressed(e);
      throw e;
    }
    publish(key, outcome);
    ctx.events().flush();
    return outcome.result;
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

  private StoreEntry apply(K key, StoreEntry current, ProcessorEntry<K, V> entry, Step<?> step,
      long now) {
    switch (entry.action()) {
      case NONE:
        return current;
      case READ:
        return accessed(current, now);
      case CREATED:
      case LOADED: {
        V value = entry.value();
        Object stored = ctx.stored(value);
        if (entry.action() == ProcessorEntry.Action.CREATED) {
          ctx.writer().write(key, value);
        }
        step.newValue = stored;
        long expiresAt = ctx.expiry().forCreation(now);
        if (ExpiryCalculator.isExpired(expiresAt, now)) {
          step.expiredAtOnce = true;
          return null;
        }
        step.created = true;
        step.counted = entry.action() == ProcessorEntry.Action.CREATED;
        return new StoreEntry(stored, expiresAt);
      }
      case UPDATED: {
        V value = entry.value();
        Object stored = ctx.stored(value);
        ctx.writer().write(key, value);
        step.newValue = stored;
        step.updated = true;
        step.counted = true;
        long expiresAt = ctx.expiry().forUpdate(now);
        return new StoreEntry(stored,
            expiresAt == ExpiryCalculator.UNCHANGED ? current.expiresAt() : expiresAt);
      }
      case DELETED:
        ctx.writer().delete(key);
        step.removed = current != null;
        return null;
      default:
        throw new IllegalStateException("Unknown action " + entry.action());
    }
  }

  private StoreEntry accessed(StoreEntry current, long now) {
    if (current == null || ctx.expiry().isEternal()) {
      return current;
    }
    long expiresAt = ctx.expiry().forAccess(now);
    return expiresAt == ExpiryCalculator.UNCHANGED ? current : current.withExpiry(expiresAt);
  }

  private void publish(K key, Step<?> step) {
    if (step.found) {
      ctx.statistics().recordHits(1);
    } else {
      ctx.statistics().recordMisses(1);
    }
    if (step.created) {
      ctx.publishCreated(key, step.newValue);
    } else if (step.updated) {
      ctx.publishUpdated(key, step.oldValue, step.newValue);
    } else if (step.removed) {
      ctx.publishRemoved(key, step.oldValue);
      ctx.statistics().recordRemovals(1);
    } else if (step.expiredAtOnce) {
      ctx.publishExpired(key, step.newValue);
    }
    if (step.counted) {
      ctx.statistics().recordPuts(1);
    }
  }

  private void flushSuppressed(RuntimeException failure) {
    try {
      ctx.events().flush();
    } catch (RuntimeException listenerFailure) {
      failure.addSuppressed(listenerFailure);
    }
  }

  /** What one run of the processor did, read once the store committed it. */
  private static final class Step<T> {
    T result;
    boolean found;
    Object oldValue;
    Object newValue;
    boolean created;
    boolean updated;
    boolean removed;
    boolean counted;
    boolean expiredAtOnce;

    void reset(StoreEntry current) {
      result = null;
      found = current != null;
      oldValue = current == null ? null : current.value();
      newValue = null;
      created = false;
      updated = false;
      removed = false;
      counted = false;
      expiredAtOnce = false;
    }
  }
}
