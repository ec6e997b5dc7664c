package dev.strata.jcache.configuration;

import java.util.Collection;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;

/** A writer that writes nowhere, for configuration files that need one. */
public final class NoOpWriter implements CacheWriter<Object, Object> {
  @Override
  public void write(Cache.Entry<?, ?> entry) {}

  @Override
  public void writeAll(Collection<Cache.Entry<?, ?>> entries) {
    entries.clear();
  }

  @Override
  public void delete(Object key) {}

  @Override
  public void deleteAll(Collection<?> keys) {
    keys.clear();
  }
}
