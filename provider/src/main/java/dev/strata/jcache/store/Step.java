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
   * What the step was decided on that the store must still find when it commits, or
   * {@code null} for nothing: the guard of a {@link PendingChange} the remapper looked up.
   */
  default Object journalGuard() {
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
    return change == null ? next : new Journaled(next, change, null);
  }

  /**
   * The step, committed only while the store still finds what {@code guard} says (see
   * {@link PendingChange}).
   *
   * @return {@code step} itself when there is no guard
   */
  static Step guarded(Step step, Object guard) {
    return guard == null ? step : new Journaled(nextOf(step), changeOf(step), guard);
  }

  /** The entry a possibly {@code null} step leaves: {@code null} for an absent key. */
  static StoreEntry nextOf(Step step) {
    return step == null ? null : step.next();
  }

  /** The journal change of a possibly {@code null} step. */
  static JournalChange changeOf(Step step) {
    return step == null ? null : step.journalChange();
  }

  /** The journal guard of a possibly {@code null} step. */
  static Object guardOf(Step step) {
    return step == null ? null : step.journalGuard();
  }

  /** A step with a journal change, a journal guard, or both. */
  record Journaled(StoreEntry next, JournalChange journalChange, Object journalGuard)
      implements Step {}
}
