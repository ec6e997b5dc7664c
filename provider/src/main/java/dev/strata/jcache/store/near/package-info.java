/**
 * The near cache: a coherent, bounded in-heap copy of a Redis cache's entries, in front of the
 * Redis store. See {@link dev.strata.jcache.store.near.NearCacheStore} for how it stays coherent.
 */
package dev.strata.jcache.store.near;
