/** Expiry: the cache's time source and the mapping of an {@code ExpiryPolicy} onto instants. */
package dev.strata.jcache.expiry;
