package dev.strata.jcache.codec;

/** Stores the caller's objects as they are. */
enum ByReferenceCopier implements ValueCopier {
  INSTANCE;

  @Override
  public Object toStored(Object value) {
    return value;
  }

  @Override
  public Object fromStored(Object stored) {
    return stored;
  }

  @Override
  public Object copyKey(Object key) {
    return key;
  }

  @Override
  public boolean isStoreByValue() {
    return false;
  }
}
