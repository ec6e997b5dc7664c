/**
 * Write-behind: a cache's writer called after the cache changes, in batches, from a journal the
 * store appends to in the same atomic step as each change. {@link
 * dev.strata.jcache.writebehind.WriteBehindFlusher} reads the journal and calls the writer, in
 * three parts: the lease keeper (who may flush a shared journal), the round planner (what each
 * round writes, retries and gives up, decided without I/O) and the flush loop (the thread that
 * runs the rounds on the cache's ticker); {@link dev.strata.jcache.writebehind.WriteBehind} is
 * what an application sees of it.
 */
package dev.strata.jcache.writebehind;
