package dev.strata.jcache.metrics;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/** Writes every key to a map but {@value #REFUSED}, which it always refuses. */
public final class RefusingWriter implements CacheWriter<String, String> {
  static final String REFUSED = "refused";
  static final Map<String, String> WRITTEN = new ConcurrentHashMap<>();

  @Override
  public void write(Cache.Entry<? extends String, ? extends String> entry) {
    if (REFUSED.equals(entry.getKey())) {
      throw new CacheWriterException("key " + REFUSED + " is refused");
    }
    WRITTEN.put(entry.getKey(), entry.getValue());
  }

  @Override
  public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
    boolean refused = false;
    Iterator<Cache.Entry<? extends String, ? extends String>> each = entries.iterator();
    while (each.hasNext()) {
      Cache.Entry<? extends String, ? extends String> entry = each.next();
      if (REFUSED.equals(entry.getKey())) {
        refused = true;
        continue;
      }
      WRITTEN.put(entry.getKey(), entry.getValue());
      each.remove();
    }
    if (refused) {
      throw new CacheWriterException("key " + REFUSED + " is refused");
    }
  }

  @Override
  public void delete(Object key) {
    WRITTEN.remove(key);
  }

  @Override
  public void deleteAll(Collection<?> keys) {
    for (Object key : keys) {
      WRITTEN.remove(key);
    }
    keys.clear();
  }
}
