package dev.strata.jcache.processor;

import dev.strata.jcache.integration.LoaderSupport;
import dev.strata.jcache.store.PendingChange;
import java.util.Objects;
import java.util.function.Function;
import javax.cache.processor.MutableEntry;

/**
 * The {@link MutableEntry} an entry processor works on. It records what the processor did, so
 * that the cache applies only the net effect once the processor returns: a value set and then
 * removed, for instance, never reaches the store, the writer or the listeners.
 */
final class ProcessorEntry<K, V> implements MutableEntry<K, V> {
  /** What the processor did to the entry, in the terms the cache applies. */
  enum Action { NONE, READ, CREATED, LOADED, UPDATED, DELETED }

  private final K key;
  private final boolean existed;
  private final Object storedValue;
  private final Function<Object, V> decoder;
  private LoaderSupport<K, V> loader;
  private final Function<K, PendingChange> pending;
  private Object journalGuard;
  private Action action = Action.NONE;
  private V value;
  private boolean decoded;

  /**
   * @param loader loads the value of a missing key on the first {@code getValue}, or
   *     {@code null} for a cache that does not read through
   * @param pending the key's change a write-behind writer has yet to receive, or {@code null}:
   *     asked before the loader, and a key with one is not loaded (its pending write is the
   *     value, a pending delete leaves it absent), as for a read-through miss of {@code get}
   */
  ProcessorEntry(K key, Object storedValue, Function<Object, V> decoder,
      LoaderSupport<K, V> loader, Function<K, PendingChange> pending) {
    this.key = key;
    this.existed = storedValue != null;
    this.storedValue = storedValue;
    this.decoder = decoder;
    this.loader = loader;
    this.pending = pending;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    if (action != Action.NONE) {
      return value;
    }
    if (existed) {
      action = Action.READ;
      return currentValue();
    }
    if (loader != null) {
      LoaderSupport<K, V> once = loader;
      loader = null;
      PendingChange change = pending.apply(key);
      journalGuard = change == null ? null : change.guard();
      if (change == null || !change.isPending()) {
        value = once.load(key);
      } else {
        value = change.change().isDelete() ? null : decoder.apply(change.change().stored());
      }
      decoded = true;
      if (value != null) {
        action = Action.LOADED;
      }
    }
    return value;
  }

  /**
   * The guard of the pending change a read-through {@code getValue} looked up, which the step
   * must carry (see {@link dev.strata.jcache.store.Step#guarded}), or {@code null}.
   */
  Object journalGuard() {
    return journalGuard;
  }

  private V currentValue() {
    if (!decoded) {
      value = decoder.apply(storedValue);
      decoded = true;
    }
    return value;
  }

  @Override
  public boolean exists() {
    return action == Action.NONE ? existed : value != null;
  }

  @Override
  public void remove() {
    action = action == Action.CREATED ? Action.NONE : Action.DELETED;
    value = null;
    decoded = true;
  }

  @Override
  public void setValue(V newValue) {
    Objects.requireNonNull(newValue, "value");
    if (action != Action.CREATED) {
      action = existed ? Action.UPDATED : Action.CREATED;
    }
    value = newValue;
    decoded = true;
  }

  Action action() {
    return action;
  }

  V value() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("A mutable entry cannot be unwrapped to " + type);
  }
}
