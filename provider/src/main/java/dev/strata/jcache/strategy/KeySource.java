package dev.strata.jcache.strategy;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * The keys a warm-up loads: any {@link Iterable} of keys, walked once, in order, by one thread
 * (a lambda returning an iterator will do: {@code () -> ids.iterator()}), so a source may read
 * its keys lazily from a database cursor, a file or a hot-keys sketch. A source that knows how
 * many keys it has says so, and progress reports then show the total.
 *
 * <p>A source named in a configuration file ({@code warm.key-source}) is a public class with a
 * public no-argument constructor.
 */
@FunctionalInterface
public interface KeySource<K> extends Iterable<K> {

  /** How many keys the source has, or -1 when it does not know. */
  default long size() {
    return -1;
  }

  /** The keys of a collection, whose size is known. */
  static <K> KeySource<K> of(Collection<? extends K> keys) {
    List<K> copy = List.copyOf(keys);
    return new KeySource<>() {
      @Override
      public Iterator<K> iterator() {
        return copy.iterator();
      }

      @Override
      public long size() {
        return copy.size();
      }
    };
  }
}
