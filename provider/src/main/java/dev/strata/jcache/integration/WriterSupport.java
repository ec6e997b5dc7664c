package dev.strata.jcache.integration;

import dev.strata.jcache.StrataEntry;
import java.util.Collection;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * Calls a write-through cache's {@link CacheWriter}, before the cache changes, so that a failed
 * write leaves the cache as it was. Every failure reaches the caller as a
 * {@link CacheWriterException}. A cache that is not write-through has the disabled instance.
 */
public final class WriterSupport<K, V> {
  private static final WriterSupport<?, ?> DISABLED = new WriterSupport<>(null);

  private final CacheWriter<? super K, ? super V> writer;

  private WriterSupport(CacheWriter<? super K, ? super V> writer) {
    this.writer = writer;
  }

  public static <K, V> WriterSupport<K, V> of(CacheWriter<? super K, ? super V> writer) {
    return writer == null ? disabled() : new WriterSupport<>(writer);
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

  public void write(K key, V value) {
    if (writer == null) {
      return;
    }
    try {
      writer.write(new StrataEntry<>(key, value));
    } catch (RuntimeException e) {
      throw wrap(e);
    }
  }

  public void delete(K key) {
    if (writer == null) {
      return;
    }
    try {
      writer.delete(key);
    } catch (RuntimeException e) {
      throw wrap(e);
    }
  }

  /**
   * Writes the entries; on failure the collection holds the entries that were not written (the
   * writer removes those it wrote), and the failure is returned rather than thrown so the caller
   * can still apply the written ones.
   */
  public CacheWriterException writeAll(Collection<Cache.Entry<? extends K, ? extends V>> entries) {
    if (writer == null || entries.isEmpty()) {
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
    if (writer == null || keys.isEmpty()) {
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
