/**
 * Write-behind: a cache's writer called after the cache changes, in batches, from a journal the
 * store appends to in the same atomic step as each change. {@link
 * dev.strata.jcache.writebehind.WriteBehindFlusher} reads the journal and calls the writer;
 * {@link dev.strata.jcache.writebehind.WriteBehind} is what an application sees of it.
 */
package dev.strata.jcache.writebehind;
