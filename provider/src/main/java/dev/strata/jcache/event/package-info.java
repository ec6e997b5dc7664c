/**
 * Entry events: registration of {@code CacheEntryListener}s, their filters, and in-order
 * delivery, synchronous or asynchronous.
 */
package dev.strata.jcache.event;
