package dev.strata.jcache.integration;

import dev.strata.jcache.StrataEntry;
import dev.strata.jcache.store.JournalChange;
import java.util.Objects;
import java.util.Collection;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * Calls a write-through cache's {@link CacheWriter}, before the cache changes, so that a failed
 * write leaves the cache as it was. Every failure reaches the caller as a
 * {@link CacheWriterException}. A cache that is not write-through has the disabled instance.
 *
 * <p>A write-behind cache's writer is not called here: each write or delete becomes the
 * {@link JournalChange} that the step hands back with its entry, which the store appends to its
 * journal with the change, and a flusher calls the writer later. Such a cache's operations first wait for {@link #admit room} in the
 * journal.
 */
public final class WriterSupport<K, V> {
  private static final WriterSupport<?, ?> DISABLED = new WriterSupport<>(null, null);

  private final CacheWriter<? super K, ? super V> writer;
  private final Runnable admission;

  private WriterSupport(CacheWriter<? super K, ? super V> writer, Runnable admission) {
    this.writer = writer;
    this.admission = admission;
  }

  public static <K, V> WriterSupport<K, V> of(CacheWriter<? super K, ? super V> writer) {
    return writer == null ? disabled() : new WriterSupport<>(writer, null);
  }

  /**
   * A writer called behind the cache; {@code admission} returns when the journal has room for
   * the operation's changes, or throws when it has none in time.
   */
  public static <K, V> WriterSupport<K, V> behind(CacheWriter<? super K, ? super V> writer,
      Runnable admission) {
    return new WriterSupport<>(writer, Objects.requireNonNull(admission));
  }

  /** Whether the writer is called through the cache, inside its operations. */
  public boolean isThrough() {
    return writer != null && admission == null;
  }

  /** Whether the writer is called behind the cache, from its journal. */
  public boolean isBehind() {
    return admission != null;
  }

  /** Waits for room in a write-behind journal; nothing for any other cache. */
  public void admit() {
    if (admission != null) {
      admission.run();
    }
  }

  @SuppressWarnings("unchecked")
  public static <K, V> WriterSupport<K, V> disabled() {
    return (WriterSupport<K, V>) DISABLED;
  }

  public boolean isEnabled() {
    return writer != null;
  }

  public CacheWriter<? super K, ? super V> writer() {
    return writer;
  }

  /**
   * Writes the value of the key through the writer; for a write-behind cache, returns the change
   * its step hands the journal instead ({@code stored} is the value's stored form, which the
   * journal keeps).
   *
   * @return the journal change of a write-behind cache, else {@code null}
   */
  public JournalChange write(K key, V value, Object stored) {
    if (writer == null) {
      return null;
    }
    if (admission != null) {
      return JournalChange.write(stored);
    }
    try {
      writer.write(new StrataEntry<>(key, value));
    } catch (RuntimeException e) {
      throw wrap(e);
    }
    return null;
  }

  /**
   * Deletes the key through the writer; for a write-behind cache, returns the journal's delete
   * instead.
   *
   * @return the journal change of a write-behind cache, else {@code null}
   */
  public JournalChange delete(K key) {
    if (writer == null) {
      return null;
    }
    if (admission != null) {
      return JournalChange.DELETE;
    }
    try {
      writer.delete(key);
    } catch (RuntimeException e) {
      throw wrap(e);
    }
    return null;
  }

  /**
   * Writes the entries; on failure the collection holds the entries that were not written (the
   * writer removes those it wrote), and the failure is returned rather than thrown so the caller
   * can still apply the written ones.
   */
  public CacheWriterException writeAll(Collection<Cache.Entry<? extends K, ? extends V>> entries) {
    if (!isThrough() || entries.isEmpty()) {
      return null;
    }
    try {
      @SuppressWarnings({"unchecked", "rawtypes"})
      CacheWriter<K, V> typed = (CacheWriter) writer;
      typed.writeAll(entries);
      return null;
    } catch (RuntimeException e) {
      return wrap(e);
    }
  }

  /** Deletes the keys; on failure the collection holds the keys not deleted. */
  public CacheWriterException deleteAll(Collection<?> keys) {
    if (!isThrough() || keys.isEmpty()) {
      return null;
    }
    try {
      writer.deleteAll(keys);
      return null;
    } catch (RuntimeException e) {
      return wrap(e);
    }
  }

  private static CacheWriterException wrap(RuntimeException e) {
    return e instanceof CacheWriterException
        ? (CacheWriterException) e
        : new CacheWriterException("The cache writer failed: " + e, e);
  }
}
