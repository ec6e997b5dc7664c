package dev.strata.jcache.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.cache.CacheException;

/**
 * Reads one Java-serialized value, resolving classes through the cache manager's class loader.
 * When classes are restricted, it refuses a class that is not allowed by its name, before the
 * class is even loaded, so none of its code (static initializer, constructor of a
 * non-serializable superclass, {@code readObject}) runs; and, as an {@link ObjectInputFilter},
 * it checks every class again once resolved (dynamic proxies included) and bounds what the bytes
 * can make it do: the nesting depth of objects, the number of object references, the length of
 * every array, collection and map, which may not exceed the bytes that claim to hold it, the
 * total bytes, how deeply collections, maps and map entries nest in one another, and how many
 * elements a walk of them visits.
 *
 * <p>The last two bounds stop a value of JDK collections alone from hanging the reader: a
 * {@code HashSet} hashes its elements as it reads them, and a set of sets that share their
 * elements, nested 100 deep in a few kilobytes, doubles the hashing at every level. Each
 * collection's nesting, and the visits a walk of it makes, are known as soon as it is read,
 * before the collection holding it hashes it, so the reader stops after at most about
 * {@code bytes + 1024} such visits.
 */
final class SerializedValueReader extends ObjectInputStream implements ObjectInputFilter {
  /**
   * Deeper than any value a cache holds in practice, and shallow enough that reading it cannot
   * exhaust a thread's stack.
   */
  static final int MAXIMUM_DEPTH = 256;

  /**
   * How deeply collections, maps and map entries may nest in one another. Values nest a handful
   * of levels in practice ({@code Map<String, List<Map<String, Object>>>} is three), and
   * {@code hashCode}, {@code equals} and {@code toString} recurse once per level.
   */
  static final int MAXIMUM_COLLECTION_NESTING = 32;

  /**
   * A walk of a value's collections, as {@code hashCode} or {@code equals} makes, visits each
   * element once per path to it. Without shared collections that is at most one visit per byte
   * of the stream; a value may visit that many, plus {@link #WALK_ALLOWANCE}, so that sets of
   * sets sharing their elements cannot make reading it take exponential time.
   */
  static final int WALK_PER_BYTE = 1;

  /** The visits any value may make besides {@link #WALK_PER_BYTE} per byte. */
  static final int WALK_ALLOWANCE = 1024;

  /** The most bytes a value may take: Redis's own limit on a string, 512 MiB. */
  static final int MAXIMUM_BYTES = 512 << 20;

  private final ClassLoader classLoader;
  private final AllowedClasses allowed;
  private final long maximumLength;
  private final long walkLimit;
  private final Map<Object, Shape> shapes = new IdentityHashMap<>();
  private String refusal;

  private SerializedValueReader(byte[] bytes, ClassLoader classLoader, AllowedClasses allowed)
      throws IOException {
    super(new ByteArrayInputStream(bytes));
    this.classLoader = classLoader;
    this.allowed = allowed;
    // Each array element, each collection element and each entry a hash table is sized for,
    // and each object reference, takes at least a byte of the stream; a longer array or
    // collection can only be a claim meant to make the reader allocate or loop.
    this.maximumLength = bytes.length;
    this.walkLimit = WALK_PER_BYTE * bytes.length + WALK_ALLOWANCE;
    if (allowed != null) {
      setObjectInputFilter(this);
      enableResolveObject(true);
    }
  }

  /** The value the bytes hold; only allowed classes when {@code allowed} is not null. */
  static Object read(byte[] bytes, ClassLoader classLoader, AllowedClasses allowed) {
    if (allowed != null && bytes.length > MAXIMUM_BYTES) {
      throw new CacheException("the value takes " + bytes.length + " bytes, over the "
          + MAXIMUM_BYTES + " a cache decodes");
    }
    SerializedValueReader in = null;
    try {
      in = new SerializedValueReader(bytes, classLoader, allowed);
      return in.readObject();
    } catch (ClassNotFoundException e) {
      throw new CacheException("class " + e.getMessage() + " is not on the class path", e);
    } catch (IOException | RuntimeException e) {
      if (in != null && in.refusal != null) {
        throw new CacheException(in.refusal, e);
      }
      throw JavaSerializationCodec.foreign(e.toString());
    }
  }

  @Override
  protected Class<?> resolveClass(ObjectStreamClass desc)
      throws IOException, ClassNotFoundException {
    String name = desc.getName();
    String element = elementName(name);
    if (allowed != null && element != null && !allowed.allows(element)) {
      throw refuse(notAllowed(element));
    }
    try {
      return Class.forName(name, false, classLoader);
    } catch (ClassNotFoundException e) {
      return super.resolveClass(desc);
    }
  }

  @Override
  protected Class<?> resolveProxyClass(String[] interfaces)
      throws IOException, ClassNotFoundException {
    if (allowed != null) {
      throw refuse("a dynamic proxy of " + Arrays.toString(interfaces) + " is not allowed");
    }
    return super.resolveProxyClass(interfaces);
  }

  @Override
  public Status checkInput(FilterInfo info) {
    if (info.depth() > MAXIMUM_DEPTH) {
      return refused("the value nests objects deeper than " + MAXIMUM_DEPTH + " levels");
    }
    if (info.arrayLength() > maximumLength) {
      return refused("an array of " + info.arrayLength() + " elements cannot fit in "
          + maximumLength + " bytes");
    }
    if (info.references() > maximumLength || info.streamBytes() > maximumLength) {
      return refused("the value reads more than its " + maximumLength + " bytes hold");
    }
    Class<?> type = info.serialClass();
    if (type == null) {
      return Status.UNDECIDED;
    }
    return allowed.allows(type) ? Status.ALLOWED : refused(notAllowed(type.getName()));
  }

  /**
   * Checks each collection, map and map entry once it is read, before whatever holds it can
   * hash, compare or walk it: its size may not exceed the bytes; it may not nest deeper than
   * {@link #MAXIMUM_COLLECTION_NESTING} in others; and the elements a walk of it visits,
   * counting a shared collection each time it is reached as {@code hashCode} does, may not
   * exceed {@link #walkLimit}. Only called when classes are restricted.
   */
  @Override
  protected Object resolveObject(Object read) throws IOException {
    long size;
    if (read instanceof Collection) {
      size = ((Collection<?>) read).size();
    } else if (read instanceof Map) {
      size = ((Map<?, ?>) read).size();
    } else if (read instanceof Map.Entry) {
      size = 2;
    } else {
      return read;
    }
    if (size > maximumLength) {
      throw refuse("a " + read.getClass().getName() + " of " + size + " elements cannot fit in "
          + maximumLength + " bytes");
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
      } else {
        shape.add(shapes.get(((Map.Entry<?, ?>) read).getKey()));
        shape.add(shapes.get(((Map.Entry<?, ?>) read).getValue()));
      }
    } catch (RuntimeException e) {
      // A collection wrapping one still being read (in a cycle) cannot be walked yet; the
      // elements of that one are checked when it is.
    }
    shape.depth++;
    if (shape.depth > MAXIMUM_COLLECTION_NESTING) {
      throw refuse("the value nests collections deeper than " + MAXIMUM_COLLECTION_NESTING
          + " levels");
    }
    if (shape.walk > walkLimit) {
      throw refuse("walking the value's collections, as hashing them does, visits more than "
          + walkLimit + " elements (collections shared many times over)");
    }
    shapes.put(read, shape);
    return read;
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

  private Status refused(String reason) {
    if (refusal == null) {
      refusal = reason;
    }
    return Status.REJECTED;
  }

  private InvalidClassException refuse(String reason) {
    refused(reason);
    return new InvalidClassException(reason);
  }

  static String notAllowed(String className) {
    return "class " + className + " is not allowed (add it to allowed-classes)";
  }

  /**
   * The class an array descriptor ({@code [[Lcom.x.Y;}) holds, the name of any other class, or
   * null for an array of primitives, which is always allowed.
   */
  static String elementName(String name) {
    int dimensions = 0;
    while (dimensions < name.length() && name.charAt(dimensions) == '[') {
      dimensions++;
    }
    if (dimensions == 0) {
      return name;
    }
    if (name.length() > dimensions + 2 && name.charAt(dimensions) == 'L' && name.endsWith(";")) {
      return name.substring(dimensions + 1, name.length() - 1);
    }
    return name.length() == dimensions + 1 ? null : name;
  }
}
