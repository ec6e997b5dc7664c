package dev.strata.jcache.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.util.Arrays;
import javax.cache.CacheException;

/**
 * Reads one Java-serialized value, resolving classes through the cache manager's class loader.
 * When classes are restricted, it refuses a class that is not allowed by its name, before the
 * class is even loaded, so none of its code (static initializer, constructor of a
 * non-serializable superclass, {@code readObject}) runs; and, as an {@link ObjectInputFilter},
 * it checks every class again once resolved (dynamic proxies included), the nesting depth, and
 * the length of every array, which may not exceed the bytes that claim to hold it.
 */
final class SerializedValueReader extends ObjectInputStream implements ObjectInputFilter {
  /**
   * Deeper than any value a cache holds in practice, and shallow enough that reading it cannot
   * exhaust a thread's stack.
   */
  static final int MAXIMUM_DEPTH = 256;

  private final ClassLoader classLoader;
  private final AllowedClasses allowed;
  private final long maximumArrayLength;
  private String refusal;

  private SerializedValueReader(byte[] bytes, ClassLoader classLoader, AllowedClasses allowed)
      throws IOException {
    super(new ByteArrayInputStream(bytes));
    this.classLoader = classLoader;
    this.allowed = allowed;
    // Each array element, and each entry a hash table is sized for, takes at least a byte of
    // the stream; a longer array can only be a claim meant to make the reader allocate.
    this.maximumArrayLength = bytes.length;
    if (allowed != null) {
      setObjectInputFilter(this);
    }
  }

  /** The value the bytes hold; only allowed classes when {@code allowed} is not null. */
  static Object read(byte[] bytes, ClassLoader classLoader, AllowedClasses allowed) {
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
    if (info.arrayLength() > maximumArrayLength) {
      return refused("an array of " + info.arrayLength() + " elements cannot fit in "
          + maximumArrayLength + " bytes");
    }
    Class<?> type = info.serialClass();
    if (type == null) {
      return Status.UNDECIDED;
    }
    return allowed.allows(type) ? Status.ALLOWED : refused(notAllowed(type.getName()));
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

  private static String notAllowed(String className) {
    return "class " + className + " is not allowed (add it to allowed-classes)";
  }

  /**
   * The class an array descriptor ({@code [[Lcom.x.Y;}) holds, the name of any other class, or
   * null for an array of primitives, which is always allowed.
   */
  private static String elementName(String name) {
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
