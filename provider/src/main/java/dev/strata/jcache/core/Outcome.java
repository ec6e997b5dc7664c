package dev.strata.jcache.core;

/**
 * What one atomic step on a key did, recorded by its remapper and read once the step is
 * committed: events and statistics follow from it. A remapper resets it first, because a store
 * may call the remapper again after an attempt that did not commit.
 */
final class Outcome {
  Object oldValue;
  Object newValue;
  boolean created;
  boolean updated;
  boolean removed;
  boolean found;
  boolean expiredAtOnce;

  void reset() {
    oldValue = null;
    newValue = null;
    created = false;
    updated = false;
    removed = false;
    found = false;
    expiredAtOnce = false;
  }

  boolean written() {
    return created || updated;
  }
}
