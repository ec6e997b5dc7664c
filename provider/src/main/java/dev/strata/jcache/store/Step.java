package dev.strata.jcache.store;

/**
 * What one atomic step decided for its key, handed back by its {@link Remapper}: the entry the
 * key holds afterwards and the change, if any, for the cache's write-behind journal.
 *
 * <p>An entry is itself the step that keeps or stores it, and {@code null} is the step that
 * leaves the key absent, so a step that records nothing for the journal allocates nothing. Only
 * a step with a journal change is an object of its own ({@link #of}).
 */
public interface Step {
  /** The entry to keep or store, or {@code null} when the key is absent afterwards. */
  StoreEntry next();

  /** The change for the write-behind journal, or {@code null} for none. */
  default JournalChange journalChange() {
    return null;
  }

  /**
   * The step to {@code next} that also hands {@code change} to the journal.
   *
   * @param next the entry afterwards, or {@code null} for an absent key
   * @param change the journal's change, or {@code null} for none
   * @return {@code next} itself when there is no change
   */
  static Step of(StoreEntry next, JournalChange change) {
    return change == null ? next : new Journaled(next, change);
  }

  /** The entry a possibly {@code null} step leaves: {@code null} for an absent key. */
  static StoreEntry nextOf(Step step) {
    return step == null ? null : step.next();
  }

  /** The journal change of a possibly {@code null} step. */
  static JournalChange changeOf(Step step) {
    return step == null ? null : step.journalChange();
  }

  /** A step with a journal change. */
  record Journaled(StoreEntry next, JournalChange journalChange) implements Step {}
}
