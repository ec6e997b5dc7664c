/**
 * Caching strategies beyond JCache, built over the one semantics layer ({@code core} over
 * {@code store.Store}), so each works on every store: single-flight loading across JVMs
 * ({@link dev.strata.jcache.strategy.SingleFlightLoads}), refresh-ahead
 * ({@link dev.strata.jcache.strategy.RefreshAhead}) and warm-ups. A cache that configures none
 * of them is built without them and pays nothing.
 */
package dev.strata.jcache.strategy;
