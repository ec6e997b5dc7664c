/**
 * The JCache semantics layer: the read, write, loading and iteration paths shared by every
 * store. Each operation is one atomic step on the {@link dev.strata.jcache.store.Store}; expiry,
 * loader, writer, events and statistics are decided here and nowhere else, including for the
 * changes a store makes on its own ({@link dev.strata.jcache.core.StoreChanges}).
 */
package dev.strata.jcache.core;
