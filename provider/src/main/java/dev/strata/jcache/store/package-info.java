/**
 * Storage below the semantics layer: the {@link dev.strata.jcache.store.Store} contract and its
 * implementations. A store keeps stored values with expiry instants and reports the entries it
 * expires or evicts; it knows nothing of JCache listeners, loaders, writers or statistics.
 *
 * <p>How a write flows through it: the semantics layer hands {@code compute} a
 * {@link dev.strata.jcache.store.Remapper}; the store calls it with the key's current entry
 * while it holds the key, and the remapper hands back its decision as a
 * {@link dev.strata.jcache.store.Step} (the entry afterwards and, for a write-behind cache, the
 * {@link dev.strata.jcache.store.JournalChange} for the journal). The store commits both in one
 * atomic step, then runs the step's {@code onCommit} (which publishes its events) while it still
 * holds the key. Nothing crosses this interface but arguments and return values.
 *
 * <p>The embedded store ({@code embedded}) is the store of record itself; a shared store of
 * record is an {@link dev.strata.jcache.store.AuthoritativeTier} ({@code redis}), and the near
 * cache ({@code near}) is a tier of copies in front of any such tier.
 */
package dev.strata.jcache.store;
