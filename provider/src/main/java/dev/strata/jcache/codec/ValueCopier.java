package dev.strata.jcache.codec;

/**
 * Moves keys and values between their caller form and their stored form.
 *
 * <p>A store-by-reference cache stores the caller's objects; a store-by-value cache stores
 * encoded bytes (or the object itself when its type is immutable) and hands each reader a fresh
 * copy.
 */
public interface ValueCopier {
  /** The stored form of a value. Fails, naming the type, when the value cannot be stored. */
  Object toStored(Object value);

  /** A caller's copy of a stored value. */
  Object fromStored(Object stored);

  /** A key the cache can keep: one whose later change by the caller cannot reach the cache. */
  Object copyKey(Object key);

  /** Whether this copier stores by value. */
  boolean isStoreByValue();

  /** The copier of store-by-reference caches. */
  static ValueCopier byReference() {
    return ByReferenceCopier.INSTANCE;
  }

  /** A store-by-value copier over the given codec. */
  static ValueCopier byValue(Codec codec, ClassLoader classLoader) {
    return new ByValueCopier(codec, classLoader);
  }
}
