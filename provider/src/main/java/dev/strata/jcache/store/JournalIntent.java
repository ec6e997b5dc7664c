package dev.strata.jcache.store;

/**
 * The change a step's remapper asks a write-behind cache's writer for, handed to the store on the
 * thread that runs the remapper. A store with a {@link Journal} clears it before each call of a
 * remapper and takes it after, then appends it to the journal in the same atomic step as the
 * change of the entry, so the journal holds a key's changes in the order the cache made them.
 *
 * <p>The writer's call is decided inside the remapper (a conditional operation writes only when
 * its condition holds), and the remapper may run again after an attempt that did not commit, so
 * the intent is reset with each attempt and only the committed attempt's intent is appended.
 */
public final class JournalIntent {
  private static final ThreadLocal<JournalIntent> CURRENT =
      ThreadLocal.withInitial(JournalIntent::new);

  private boolean present;
  private boolean delete;
  private Object stored;

  private JournalIntent() {}

  /** The step asks for the key to be written with this value, in its stored form. */
  public static void write(Object storedValue) {
    JournalIntent intent = CURRENT.get();
    intent.present = true;
    intent.delete = false;
    intent.stored = storedValue;
  }

  /** The step asks for the key to be deleted. */
  public static void delete() {
    JournalIntent intent = CURRENT.get();
    intent.present = true;
    intent.delete = true;
    intent.stored = null;
  }

  /** Forgets any intent of this thread: a store calls it before each call of a remapper. */
  public static void clear() {
    JournalIntent intent = CURRENT.get();
    intent.present = false;
    intent.stored = null;
  }

  /**
   * The intent the last remapper of this thread recorded, or {@code null}; the value is in its
   * stored form, {@code null} for a delete. Clears it.
   */
  public static Change take() {
    JournalIntent intent = CURRENT.get();
    if (!intent.present) {
      return null;
    }
    Change change = intent.delete ? Change.DELETE : new Change(intent.stored);
    intent.present = false;
    intent.stored = null;
    return change;
  }

  /** A change for the journal: a write of a stored value, or a delete. */
  public record Change(Object stored) {
    public static final Change DELETE = new Change(null);

    public boolean isDelete() {
      return stored == null;
    }
  }
}
