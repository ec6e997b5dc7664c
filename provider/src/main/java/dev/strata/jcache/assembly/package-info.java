/**
 * How the parts of a cache are chosen: its {@link dev.strata.jcache.assembly.ResolvedCacheSettings
 * settings}, resolved once from its configuration and its manager's defaults, and the
 * {@link dev.strata.jcache.assembly.StoreProvider store providers}, one per kind of store, of
 * which the best-ranked for those settings builds the cache's store. The embedded provider is
 * built in; others come from {@link dev.strata.jcache.assembly.StoreProviderFactory} services on
 * the class path (the Redis tier, {@code strata-redis}).
 */
package dev.strata.jcache.assembly;
