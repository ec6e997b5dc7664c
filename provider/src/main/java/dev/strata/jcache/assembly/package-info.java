/**
 * How the parts of a cache are chosen: its {@link dev.strata.jcache.assembly.ResolvedCacheSettings
 * settings}, resolved once from its configuration and its manager's defaults, and the
 * {@link dev.strata.jcache.assembly.StoreProvider store providers}, one per kind of store, of
 * which the best-ranked for those settings builds the cache's store.
 */
package dev.strata.jcache.assembly;
