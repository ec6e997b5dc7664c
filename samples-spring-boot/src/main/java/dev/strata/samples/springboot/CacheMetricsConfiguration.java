package dev.strata.samples.springboot;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.metrics.MetricsOptions;
import dev.strata.jcache.metrics.StrataMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.actuate.metrics.cache.CacheMeterBinderProvider;
import org.springframework.cache.CacheManager;
import org.springframework.cache.jcache.JCacheCache;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Strata's meters for every cache of the JCache manager Spring caches in (caches created later
 * included): Spring Boot binds a {@link MeterBinder} bean to its registry by itself, and closes
 * it with the context. Statistics need not be enabled for the counts.
 */
@Configuration(proxyBeanMethods = false)
public class CacheMetricsConfiguration {

  @Bean
  StrataMetrics strataMetrics(CacheManager springManager) {
    return new StrataMetrics(((JCacheCacheManager) springManager).getCacheManager(),
        MetricsOptions.DEFAULTS.withLatencyTimers(0.5, 0.99));
  }

  /**
   * Spring Boot would also bind Micrometer's {@code JCacheMetrics} to each cache, whose
   * {@code cache.gets} reads the JMX statistics bean (present only with statistics enabled) under
   * other tags; the first provider to answer for a cache wins, so this one, answering a binder
   * that binds nothing for a Strata cache, leaves its meters to {@link StrataMetrics}.
   */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  CacheMeterBinderProvider<JCacheCache> strataCachesAreBoundByStrataMetrics() {
    return (cache, tags) -> cache.getNativeCache() instanceof StrataCache<?, ?>
        ? registry -> { } : null;
  }
}
