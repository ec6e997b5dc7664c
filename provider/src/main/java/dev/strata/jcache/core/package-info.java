/**
 * The JCache semantics layer: the read, write and iteration paths shared by every store. Each
 * operation is one atomic step on the {@link dev.strata.jcache.store.Store}; expiry, loader,
 * writer, events and statistics are decided here and nowhere else.
 */
package dev.strata.jcache.core;
