package dev.strata.jcache.core;

import dev.strata.jcache.integration.LoaderSupport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.cache.CacheException;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CompletionListener;

/**
 * {@code Cache.loadAll}: loads keys through the cache's loader on the cache's executor, whether or
 * not the cache reads through, and tells the caller's {@link CompletionListener} how it ended.
 */
public final class LoadAllOperation<K, V> {
  private static final CompletionListener IGNORED = new CompletionListener() {
    @Override
    public void onCompletion() {}

    @Override
    public void onException(Exception e) {}
  };

  private final CacheContext<K, V> ctx;
  private final ReadOperations<K, V> reads;
  private final LoaderSupport<K, V> loader;

  /** @param loader the cache's loader, or {@code null} when it has none */
  public LoadAllOperation(CacheContext<K, V> ctx, ReadOperations<K, V> reads,
      LoaderSupport<K, V> loader) {
    this.ctx = ctx;
    this.reads = reads;
    this.loader = loader;
  }

  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
      CompletionListener completionListener) {
    Objects.requireNonNull(keys, "keys");
    for (K key : keys) {
      Objects.requireNonNull(key, "a key in keys");
    }
    CompletionListener listener = completionListener == null ? IGNORED : completionListener;
    if (loader == null) {
      listener.onCompletion();
      return;
    }
    // the caller may change its set once this returns; the load runs later, on its own copy
    Set<K> requested = new HashSet<>(keys);
    ctx.executor().execute(() -> loadNow(requested, replaceExistingValues, listener));
  }

  private void loadNow(Set<K> keys, boolean replaceExisting, CompletionListener listener) {
    try {
      List<K> toLoad = new ArrayList<>(keys.size());
      for (K key : keys) {
        if (replaceExisting || ctx.store().get(key) == null) {
          toLoad.add(key);
        }
      }
      if (!toLoad.isEmpty()) {
        reads.loadAll(loader, toLoad, replaceExisting);
      }
      ctx.events().flush();
      listener.onCompletion();
    } catch (RuntimeException e) {
      // keys stored before the failure stay stored: their listeners still hear of them
      try {
        ctx.events().flush();
      } catch (RuntimeException listenerFailure) {
        e.addSuppressed(listenerFailure);
      }
      listener.onException(e instanceof CacheLoaderException || e instanceof CacheException
          ? e : new CacheLoaderException("Loading keys into cache '" + ctx.name() + "' failed: "
              + e, e));
    }
  }
}
