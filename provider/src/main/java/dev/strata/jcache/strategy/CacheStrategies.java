package dev.strata.jcache.strategy;

/**
 * The loading strategies one cache runs with, built with the cache from its
 * {@link dev.strata.jcache.configuration.LoadingSettings}.
 *
 * @param singleFlight loads misses once across JVMs, or {@code null}
 * @param refreshAhead reloads due entries in the background, or {@code null}
 * @param warmUp warms the cache on demand or at start-up
 */
public record CacheStrategies<K, V>(StrategyStatistics statistics,
    SingleFlightLoads<K> singleFlight, RefreshAhead<K, V> refreshAhead, WarmUp<K, V> warmUp) {}
