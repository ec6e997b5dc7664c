/**
 * Storage below the semantics layer: the {@link dev.strata.jcache.store.Store} contract and its
 * implementations. A store keeps stored values with expiry instants and reports the entries it
 * expires or evicts; it knows nothing of JCache listeners, loaders, writers or statistics.
 */
package dev.strata.jcache.store;
