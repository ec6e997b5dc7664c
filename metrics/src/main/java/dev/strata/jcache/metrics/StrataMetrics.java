package dev.strata.jcache.metrics;

import dev.strata.jcache.CacheLifecycleListener;
import dev.strata.jcache.StrataCache;
import dev.strata.jcache.StrataCacheManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.CacheManager;

/**
 * Binds the meters of every cache of a Strata cache manager (see {@link StrataCacheMetrics}),
 * the caches open now and those created later, and removes a cache's meters when it is closed
 * or destroyed:
 *
 * <pre>{@code
 * new StrataMetrics(cacheManager).bindTo(registry);
 * new StrataMetrics(cacheManager, MetricsOptions.DEFAULTS.withLatencyTimers(0.5, 0.99))
 *     .bindTo(registry);
 * }</pre>
 *
 * <p>Nothing needs to be enabled on the caches: the counts are recorded always. {@link #close}
 * stops following the manager and removes every meter it bound.
 */
public final class StrataMetrics implements MeterBinder, AutoCloseable {
  private final StrataCacheManager manager;
  private final MetricsOptions options;
  private final List<Binding> bindings = new ArrayList<>();

  public StrataMetrics(CacheManager manager) {
    this(manager, MetricsOptions.DEFAULTS);
  }

  public StrataMetrics(CacheManager manager, MetricsOptions options) {
    this.manager = manager.unwrap(StrataCacheManager.class);
    this.options = options;
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    var binding = new Binding(registry);
    bindings.add(binding);
    manager.addCacheLifecycleListener(binding);
  }

  @Override
  public synchronized void close() {
    for (Binding binding : bindings) {
      manager.removeCacheLifecycleListener(binding);
      binding.unbindAll();
    }
    bindings.clear();
  }

  /** The meters of one registry, one {@link StrataCacheMetrics} per open cache. */
  private final class Binding implements CacheLifecycleListener {
    private final MeterRegistry registry;
    private final Map<StrataCache<?, ?>, StrataCacheMetrics> caches = new ConcurrentHashMap<>();

    Binding(MeterRegistry registry) {
      this.registry = registry;
    }

    @Override
    public void cacheCreated(StrataCache<?, ?> cache) {
      caches.computeIfAbsent(cache, c -> {
        var metrics = new StrataCacheMetrics(c, options);
        metrics.bindTo(registry);
        return metrics;
      });
    }

    @Override
    public void cacheClosed(StrataCache<?, ?> cache) {
      StrataCacheMetrics metrics = caches.remove(cache);
      if (metrics != null) {
        metrics.unbind();
      }
    }

    void unbindAll() {
      for (StrataCacheMetrics metrics : caches.values()) {
        metrics.unbind();
      }
      caches.clear();
    }
  }
}
