/**
 * The near cache: a coherent, bounded in-heap copy of a shared cache's entries, in front of an
 * {@link dev.strata.jcache.store.AuthoritativeTier} (the Redis store). Reads are served from the
 * copy or read through it; every step goes to the tier below and drops the copy of its key once
 * committed; the tier's reports of changes made elsewhere drop the copies they name. See
 * {@link dev.strata.jcache.store.near.NearCacheStore} for how it stays coherent.
 */
package dev.strata.jcache.store.near;
