package dev.strata.jcache.codec;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What reading one value of the {@link KryoCodec} may cost, and the running account of it. One
 * instance belongs to one pooled Kryo instance, so one thread uses it at a time.
 *
 * <p>The bounds are those of {@link SerializedValueReader}: no array, collection, map or string
 * may claim more elements than bytes remain to hold them (each takes at least a byte), so a
 * declared length can never make the reader allocate more than the value's size; and, when the
 * bytes come from outside the JVM, collections may nest at most
 * {@link SerializedValueReader#MAXIMUM_COLLECTION_NESTING} deep and a walk of them, as hashing
 * a set of sets makes, may visit at most about one element per byte, so sets that share their
 * elements cannot make reading take exponential time.
 */
final class DecodeLimits {
  private final boolean walks;
  private final Map<Object, Shape> shapes = new IdentityHashMap<>();
  private long walkLimit;

  /** {@code walks}: whether to bound how collections nest, for bytes read from outside. */
  DecodeLimits(boolean walks) {
    this.walks = walks;
  }

  void start(int bytes) {
    walkLimit = (long) SerializedValueReader.WALK_PER_BYTE * bytes
        + SerializedValueReader.WALK_ALLOWANCE;
  }

  void finish() {
    if (!shapes.isEmpty()) {
      shapes.clear();
    }
  }

  /** Refuses a length that {@code remaining} bytes cannot hold. */
  static void checkLength(long length, int remaining, String what) {
    if (length > remaining || length < 0) {
      throw new Refused("a " + what + " of " + length + " elements cannot fit in the "
          + remaining + " bytes left");
    }
  }

  /**
   * Checks a collection or map once it is read, before whatever holds it can hash or walk it.
   */
  void read(Object read) {
    if (!walks || read == null) {
      return;
    }
    var shape = new Shape();
    try {
      if (read instanceof Collection) {
        for (Object element : (Collection<?>) read) {
          shape.add(shapes.get(element));
        }
      } else if (read instanceof Map) {
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) read).entrySet()) {
          shape.add(shapes.get(entry.getKey()));
          shape.add(shapes.get(entry.getValue()));
        }
      }
    } catch (RuntimeException e) {
      // A collection that holds one still being read (a cycle) cannot be walked yet.
    }
    shape.depth++;
    if (shape.depth > SerializedValueReader.MAXIMUM_COLLECTION_NESTING) {
      throw new Refused("the value nests collections deeper than "
          + SerializedValueReader.MAXIMUM_COLLECTION_NESTING + " levels");
    }
    if (shape.walk > walkLimit) {
      throw new Refused("walking the value's collections, as hashing them does, visits more"
          + " than " + walkLimit + " elements (collections shared many times over)");
    }
    shapes.put(read, shape);
  }

  /** How deeply a collection nests others, and how many elements a walk of it visits. */
  private static final class Shape {
    int depth;
    long walk = 1;

    void add(Shape element) {
      if (element == null) {
        walk++;
      } else {
        depth = Math.max(depth, element.depth);
        walk += element.walk;
      }
    }
  }

  /** Bytes that would make the reader exceed a bound; the message says which. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason, null, false, false);
    }
  }
}
