package dev.strata.jcache.configuration;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.cache.integration.CacheLoader;

/** A loader a configuration file can name: it derives each value from its key. */
public class UpperCaseLoader implements CacheLoader<Object, Object> {
  @Override
  public Object load(Object key) {
    return key.toString().toUpperCase(Locale.ROOT);
  }

  @Override
  public Map<Object, Object> loadAll(Iterable<?> keys) {
    Map<Object, Object> loaded = new HashMap<>();
    for (Object key : keys) {
      loaded.put(key, load(key));
    }
    return loaded;
  }
}
