package dev.strata.jcache.writebehind;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The listeners of a cache's write-behind; one that fails is logged, and the others told. */
final class WriteBehindListeners<K, V> {
  /** Write-behind logs under the flusher's name, one category for all of it. */
  private static final System.Logger LOG =
      System.getLogger(WriteBehindFlusher.class.getName());
  private final String cacheName;
  private final List<WriteBehindListener<K, V>> listeners = new CopyOnWriteArrayList<>();

  WriteBehindListeners(String cacheName) {
    this.cacheName = cacheName;
  }

  void add(WriteBehindListener<K, V> listener) {
    listeners.add(Objects.requireNonNull(listener));
  }

  void remove(WriteBehindListener<K, V> listener) {
    listeners.remove(listener);
  }

  void deadLetter(DeadLetter<K, V> letter) {
    tell(listener -> listener.onDeadLetter(letter));
  }

  void closedWithPending(long pending, boolean durable) {
    tell(listener -> listener.onClosedWithPending(pending, durable));
  }

  private void tell(Consumer<WriteBehindListener<K, V>> event) {
    for (WriteBehindListener<K, V> listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "A write-behind listener of cache '" + cacheName + "' failed",
            e);
      }
    }
  }
}
