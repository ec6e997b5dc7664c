/**
 * Micrometer meters for Strata's caches: {@link dev.strata.jcache.metrics.StrataMetrics} binds
 * every cache of a cache manager, following caches created and closed later, and
 * {@link dev.strata.jcache.metrics.StrataCacheMetrics} the meters of one cache. The counts come
 * from counters every cache records always (one {@code LongAdder} increment per operation), so
 * JCache statistics need not be enabled; latency timers, which cost two clock readings per
 * operation, are opt-in ({@link dev.strata.jcache.metrics.MetricsOptions}).
 */
package dev.strata.jcache.metrics;
