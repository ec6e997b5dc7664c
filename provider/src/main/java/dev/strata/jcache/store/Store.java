package dev.strata.jcache.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The narrow storage interface below Strata's JCache semantics layer.
 *
 * <p>A store maps keys to {@link StoreEntry entries} and enforces each entry's expiry instant:
 * it never returns an entry whose instant has passed, and it reports each entry it expires or
 * evicts exactly once to its {@link StoreListener}. Everything else a JCache needs (expiry
 * policies, loaders, writers, events, statistics, entry processors, copying) is decided above it,
 * once, for every store.
 *
 * <p>Keys handed to a store for writing are already in their stored form (copied when the cache
 * stores by value); lookups may use any equal key.
 */
public interface Store<K> extends AutoCloseable {

  /** The key's live entry, or {@code null}. Does not change the entry. */
  StoreEntry get(K key);

  /** The live entries of the keys present; absent and expired keys are left out. */
  Map<K, StoreEntry> getAll(Set<? extends K> keys);

  /**
   * {@link #getAll} handing each live entry, with its key as given, to {@code found} instead of
   * collecting them in a map: a bulk read builds its caller's result and nothing besides. Absent
   * and expired keys are left out; each key present is handed over once, in no particular
   * order, and not while the store holds any of its keys, so {@code found} may call the store.
   */
  default void forEachPresent(Set<? extends K> keys,
      BiConsumer<? super K, ? super StoreEntry> found) {
    getAll(keys).forEach(found);
  }

  /**
   * Atomically replaces the key's entry with what {@code remapper} returns.
   *
   * @return the entry now stored, or {@code null} when the key is absent afterwards
   */
  default StoreEntry compute(K key, Remapper remapper) {
    return compute(key, remapper, null);
  }

  /**
   * Atomically replaces the key's entry with what {@code remapper} returns, then runs
   * {@code onCommit} once for the attempt that commits, while the key is still held: what it
   * publishes is ordered with every other change of the key.
   *
   * @param onCommit run after the committed remap, or {@code null}
   * @return the entry now stored, or {@code null} when the key is absent afterwards
   */
  StoreEntry compute(K key, Remapper remapper, Runnable onCommit);

  /**
   * Moves the key's expiry instant, if the key is present: an access, which changes no value.
   * A store with a copy of the entry nearer than its system of record may answer from the copy
   * and bring the record up to date less often (see its documentation).
   */
  default void touch(K key, long expiresAt) {
    compute(key, current -> current == null ? null : current.withExpiry(expiresAt));
  }

  /**
   * Applies each step as {@link #compute(Object, Remapper, Runnable)} would: atomically per key,
   * not across keys. A remote store does it in a constant number of round trips to each node,
   * however many keys there are. A remapper that throws ends the call; the steps committed
   * before it stay committed, so callers that want every key tried catch inside the remapper.
   */
  default void computeAll(List<KeyStep<K>> steps) {
    for (KeyStep<K> step : steps) {
      compute(step.key(), step.remapper(), step.onCommit());
    }
  }

  /**
   * Applies a write the store can decide without Java code (see {@link Write}), atomically for
   * the key, then runs {@code onCommit} with what it found, once, for the attempt that commits,
   * while the key is still held, as {@link #compute(Object, Remapper, Runnable)} does. A remote
   * store runs it in one round trip, deciding on the server whether the key is present; the
   * default runs the write's {@link Write#step step} through {@code compute}, so every store
   * gives the same outcome.
   *
   * @param onCommit run after the committed write, or {@code null}
   * @return what the write found
   */
  default Written write(K key, Write write, Consumer<Written> onCommit) {
    Written[] found = new Written[1];
    compute(key, current -> {
      found[0] = write.found(current);
      return write.step(current);
    }, onCommit == null ? null : () -> onCommit.accept(found[0]));
    return found[0];
  }

  /**
   * Applies each write as {@link #write} would: atomically per key, not across keys, a remote
   * store in one round trip to each node. A failure ends the call; the writes committed before
   * it stay committed.
   *
   * @return what each write found, in order
   */
  default List<Written> writeAll(List<KeyWrite<K>> writes) {
    Written[] found = new Written[writes.size()];
    List<KeyStep<K>> steps = new ArrayList<>(writes.size());
    for (int i = 0; i < writes.size(); i++) {
      KeyWrite<K> keyWrite = writes.get(i);
      Write write = keyWrite.write();
      int index = i;
      Consumer<Written> onCommit = keyWrite.onCommit();
      steps.add(new KeyStep<>(keyWrite.key(), current -> {
        found[index] = write.found(current);
        return write.step(current);
      }, onCommit == null ? null : () -> onCommit.accept(found[index])));
    }
    computeAll(steps);
    return Arrays.asList(found);
  }

  /**
   * A weakly consistent iterator over live entries. Its {@code remove} is not supported; remove
   * through {@link #compute} or {@link #remove(Object, StoreEntry)}.
   */
  Iterator<Map.Entry<K, StoreEntry>> iterator();

  /**
   * Whether changes made elsewhere (a shared store's other clients) must be reported to the
   * store's listener; a store private to this cache has none to report.
   */
  default void setListening(boolean listening) {}

  /** Removes every entry without reporting them. */
  void clear();

  /** An estimate of the number of entries held. */
  long estimatedSize();

  /**
   * The key's entry as the store of record holds it, around any copy nearer to this JVM: what a
   * caller reads when it must not be served a copy that may lag another JVM's change by the time
   * its invalidation takes to arrive. Does not change the entry.
   */
  default StoreEntry getFromRecord(K key) {
    return get(key);
  }

  /** Whether reads may be served from copies in this JVM of entries kept elsewhere. */
  default boolean keepsNearCopies() {
    return false;
  }

  /** The number of entries (or copies of entries) this JVM holds in its heap; -1 for unknown. */
  default long heapEntryCount() {
    return -1;
  }

  /**
   * The clock of the server that holds a shared store's entries, in microseconds since the
   * epoch, one round trip per reading; empty for a store private to this JVM. Every client of
   * the shared store reads the same server's clock.
   */
  default Optional<LongSupplier> serverClock() {
    return Optional.empty();
  }

  /**
   * The store's write-behind journal, or {@code null} when it keeps none. A store with a journal
   * appends the {@link Step#journalChange journal change} of each committed step to it, in the
   * same atomic step.
   */
  default Journal<K> journal() {
    return null;
  }

  /** Returns this store or an underlying object as {@code type}, or {@code null}. */
  <T> T unwrap(Class<T> type);

  /** Releases the store's resources and drops its entries. */
  @Override
  void close();
}
