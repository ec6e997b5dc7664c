package dev.strata.jcache.store;

/**
 * A key's change that a write-behind writer has yet to receive, as its journal answered, and
 * the guard that a step decided on this answer hands back with its {@link Step} (see
 * {@link Step#guarded}): a shared journal commits such a step only while the key's latest
 * pending change is still the one it was told of, so that a change appended meanwhile by
 * another JVM has the step decided again.
 *
 * @param change the pending write or delete, or {@code null} when nothing is pending
 * @param guard what the store checks when it commits the step, or {@code null} when the store
 *     needs nothing (a journal whose changes are appended while the store holds the key)
 */
public record PendingChange(JournalChange change, Object guard) {
  /** Whether a change is pending. */
  public boolean isPending() {
    return change != null;
  }
}
