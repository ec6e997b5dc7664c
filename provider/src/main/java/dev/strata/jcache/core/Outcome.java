package dev.strata.jcache.core;

import dev.strata.jcache.store.Write;
import dev.strata.jcache.store.Written;

/**
 * What one atomic step on a key did, recorded by its remapper: the events and statistics of the
 * step follow from it. A remapper resets it first, because a store may call the remapper again
 * after an attempt that did not commit. Values are in their stored form.
 */
public final class Outcome {
  /** The change a step made to its key. */
  public enum Change {
    NONE,
    CREATED,
    UPDATED,
    REMOVED,
    /** The step found the present entry expired and removed it (an update to zero, say). */
    EXPIRED,
    /** The step created an entry whose expiry had passed already, so it stored nothing. */
    EXPIRED_AT_ONCE
  }

  private Change change = Change.NONE;
  private Object oldValue;
  private Object newValue;
  private boolean found;
  private Object previous;

  public void reset() {
    change = Change.NONE;
    oldValue = null;
    newValue = null;
    found = false;
    previous = null;
  }

  /**
   * The caller's copy of the value the step found, for the operations that return it
   * ({@code getAndPut}, {@code getAndRemove}, {@code getAndReplace}). Their remappers decode it
   * before they decide anything, so a value that cannot be read fails the step before it calls
   * a writer or changes the entry, rather than after it committed.
   */
  public void previous(Object value) {
    previous = value;
  }

  public Object previous() {
    return previous;
  }

  /** The key had a live entry when the step began. */
  public void found(Object currentValue) {
    found = true;
    oldValue = currentValue;
  }

  public void created(Object value) {
    change = Change.CREATED;
    newValue = value;
  }

  public void updated(Object previous, Object value) {
    change = Change.UPDATED;
    oldValue = previous;
    newValue = value;
  }

  public void removed(Object previous) {
    change = Change.REMOVED;
    oldValue = previous;
  }

  public void expired(Object previous) {
    change = Change.EXPIRED;
    oldValue = previous;
  }

  public void expiredAtOnce(Object value) {
    change = Change.EXPIRED_AT_ONCE;
    newValue = value;
  }

  /**
   * Records what a write the store decided did, from what it found: the cache, not the store,
   * tells a create from an update and a remove from nothing.
   */
  public void recordWrite(Write write, Written written) {
    reset();
    if (written.found()) {
      found(written.previous());
    }
    switch (changeOf(write, written)) {
      case CREATED -> created(write.value());
      case UPDATED -> updated(written.previous(), write.value());
      case REMOVED -> removed(written.previous());
      case EXPIRED_AT_ONCE -> expiredAtOnce(write.value());
      default -> { }
    }
  }

  /** The change a write made, given what it found. */
  public static Change changeOf(Write write, Written written) {
    if (!write.applies(written.found())) {
      return Change.NONE;
    }
    if (write.isDelete()) {
      return written.found() ? Change.REMOVED : Change.NONE;
    }
    if (written.found()) {
      return Change.UPDATED;
    }
    return write.createdExpiresAt() == Write.AT_ONCE ? Change.EXPIRED_AT_ONCE : Change.CREATED;
  }

  public Change change() {
    return change;
  }

  public boolean wasFound() {
    return found;
  }

  public boolean written() {
    return change == Change.CREATED || change == Change.UPDATED;
  }

  public Object oldValue() {
    return oldValue;
  }

  public Object newValue() {
    return newValue;
  }

  /** Publishes the event of the change, if any. */
  <K> void publish(CacheContext<K, ?> ctx, K key) {
    switch (change) {
      case CREATED:
        ctx.publishCreated(key, newValue);
        break;
      case UPDATED:
        ctx.publishUpdated(key, oldValue, newValue);
        break;
      case REMOVED:
        ctx.publishRemoved(key, oldValue);
        break;
      case EXPIRED:
        ctx.publishExpired(key, oldValue);
        break;
      case EXPIRED_AT_ONCE:
        ctx.publishExpired(key, newValue);
        break;
      default:
        break;
    }
  }
}
