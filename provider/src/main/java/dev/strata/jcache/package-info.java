/**
 * Strata, a JSR-107 (JCache 1.1.1) caching provider.
 * {@link dev.strata.jcache.StrataCachingProvider} is found by {@code Caching.getCachingProvider()};
 * its caches keep their entries in a bounded Caffeine cache in the heap unless configured
 * otherwise.
 *
 * <p>A {@link dev.strata.jcache.StrataCacheManager} creates a cache through its
 * {@code CacheFactory}, which resolves the cache's
 * {@link dev.strata.jcache.assembly.ResolvedCacheSettings settings} once from the configuration
 * and the manager's defaults, has the best-ranked
 * {@link dev.strata.jcache.assembly.StoreProvider} build the store, builds the rest of the
 * {@link dev.strata.jcache.core.CacheContext} around it, and hands the parts to a
 * {@link dev.strata.jcache.StrataCache}, which only checks calls and delegates them.
 */
package dev.strata.jcache;
