package dev.strata.jcache.writebehind;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.cache.integration.CacheLoader;

/**
 * A loader that reads the system of record a {@link RecordingWriter} writes, and notes every key
 * it was asked for, by {@code load} or {@code loadAll}.
 */
public final class RecordsLoader implements CacheLoader<String, String>, Serializable {
  private final transient RecordingWriter writer;
  final transient List<String> asked = new CopyOnWriteArrayList<>();
  /** Runs before each key is read, or {@code null}. */
  volatile transient Consumer<String> beforeRead;

  public RecordsLoader(RecordingWriter writer) {
    this.writer = writer;
  }

  @Override
  public String load(String key) {
    asked.add(key);
    Consumer<String> first = beforeRead;
    if (first != null) {
      first.accept(key);
    }
    return (String) writer.records.get(key);
  }

  @Override
  public Map<String, String> loadAll(Iterable<? extends String> keys) {
    Map<String, String> loaded = new HashMap<>();
    for (String key : keys) {
      String value = load(key);
      if (value != null) {
        loaded.put(key, value);
      }
    }
    return loaded;
  }
}
