/**
 * Strata, a JSR-107 (JCache 1.1.1) caching provider. {@link dev.strata.jcache.StrataCachingProvider}
 * is found by {@code Caching.getCachingProvider()}; its caches keep their entries in a bounded
 * Caffeine cache in the heap unless configured otherwise.
 */
package dev.strata.jcache;
