package dev.strata.jcache.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.ObjectArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.StringArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.ArraysAsListSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.PriorityQueueSerializer;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Kryo's serializers of collections, maps and object arrays, refusing a declared size the
 * remaining bytes cannot hold before they allocate for it, and reporting each collection and
 * map read to the {@link DecodeLimits}. They write exactly what Kryo's own write.
 */
final class BoundedSerializers {
  private BoundedSerializers() {}

  /**
   * The bounded counterpart of a serializer Kryo chose, the given one when it allocates nothing
   * by a declared size, or null for a collection or map Kryo would rebuild by calling
   * {@code add} or {@code put} on an instance it cannot construct properly (an unmodifiable or
   * synchronized view), which must take Java serialization instead.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static Serializer<?> bounded(Kryo kryo, Serializer<?> chosen, Class<?> type,
      DecodeLimits limits) {
    Class<?> kind = chosen.getClass();
    if (kind == CollectionSerializer.class) {
      return constructible(type) ? new BoundedCollection<>(limits) : null;
    }
    if (kind == MapSerializer.class) {
      return constructible(type) ? new BoundedMap<>(limits) : null;
    }
    if (chosen instanceof ImmutableCollectionsSerializers.JdkImmutableListSerializer) {
      return new ImmutableList(limits);
    }
    if (chosen instanceof ImmutableCollectionsSerializers.JdkImmutableSetSerializer) {
      return new ImmutableSet(limits);
    }
    if (chosen instanceof ImmutableCollectionsSerializers.JdkImmutableMapSerializer) {
      return new ImmutableMap(limits);
    }
    if (kind == PriorityQueueSerializer.class) {
      return new PriorityQueues(limits);
    }
    if (kind == ArraysAsListSerializer.class) {
      return new ArraysAsList(limits);
    }
    if (kind == ObjectArraySerializer.class) {
      return new ObjectArrays(kryo, type);
    }
    if (kind == StringArraySerializer.class) {
      return new StringArrays();
    }
    return chosen;
  }

  private static boolean constructible(Class<?> type) {
    try {
      type.getDeclaredConstructor();
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static int remaining(Input input) {
    return input.limit() - input.position();
  }

  /** The array length Kryo writes first (plus one, zero meaning null), checked. */
  private static void checkArrayLength(Input input, String what) {
    int start = input.position();
    int length = input.readVarInt(true);
    input.setPosition(start);
    DecodeLimits.checkLength(length - 1L, remaining(input), what);
  }

  static final class BoundedCollection<T extends Collection> extends CollectionSerializer<T> {
    private final DecodeLimits limits;

    BoundedCollection(DecodeLimits limits) {
      this.limits = limits;
    }

    @Override
    protected T create(Kryo kryo, Input input, Class<? extends T> type, int size) {
      DecodeLimits.checkLength(size, remaining(input), type.getName());
      return super.create(kryo, input, type, size);
    }

    @Override
    public T read(Kryo kryo, Input input, Class<? extends T> type) {
      T read = super.read(kryo, input, type);
      limits.read(read);
      return read;
    }
  }

  static final class BoundedMap<T extends Map> extends MapSerializer<T> {
    private final DecodeLimits limits;

    BoundedMap(DecodeLimits limits) {
      this.limits = limits;
    }

    @Override
    protected T create(Kryo kryo, Input input, Class<? extends T> type, int size) {
      DecodeLimits.checkLength(size, remaining(input), type.getName());
      return super.create(kryo, input, type, size);
    }

    @Override
    public T read(Kryo kryo, Input input, Class<? extends T> type) {
      T read = super.read(kryo, input, type);
      limits.read(read);
      return read;
    }
  }

  /** {@code List.of} and its kin, read into a list and copied into an immutable one. */
  static final class ImmutableList extends CollectionSerializer<List<Object>> {
    private final DecodeLimits limits;

    ImmutableList(DecodeLimits limits) {
      this.limits = limits;
      setElementsCanBeNull(false);
    }

    @Override
    protected List<Object> create(Kryo kryo, Input input, Class<? extends List<Object>> type,
        int size) {
      DecodeLimits.checkLength(size, remaining(input), "list");
      return new ArrayList<>(size);
    }

    @Override
    public List<Object> read(Kryo kryo, Input input, Class<? extends List<Object>> type) {
      List<Object> read = List.copyOf(super.read(kryo, input, type));
      limits.read(read);
      return read;
    }

    @Override
    protected List<Object> createCopy(Kryo kryo, List<Object> original) {
      return new ArrayList<>(original.size());
    }

    @Override
    public List<Object> copy(Kryo kryo, List<Object> original) {
      return List.copyOf(super.copy(kryo, original));
    }
  }

  /** {@code Set.of} and its kin. */
  static final class ImmutableSet extends CollectionSerializer<Set<Object>> {
    private final DecodeLimits limits;

    ImmutableSet(DecodeLimits limits) {
      this.limits = limits;
      setElementsCanBeNull(false);
    }

    @Override
    protected Set<Object> create(Kryo kryo, Input input, Class<? extends Set<Object>> type,
        int size) {
      DecodeLimits.checkLength(size, remaining(input), "set");
      return new HashSet<>();
    }

    @Override
    public Set<Object> read(Kryo kryo, Input input, Class<? extends Set<Object>> type) {
      Set<Object> read = Set.copyOf(super.read(kryo, input, type));
      limits.read(read);
      return read;
    }

    @Override
    protected Set<Object> createCopy(Kryo kryo, Set<Object> original) {
      return new HashSet<>();
    }

    @Override
    public Set<Object> copy(Kryo kryo, Set<Object> original) {
      return Set.copyOf(super.copy(kryo, original));
    }
  }

  /** {@code Map.of} and its kin. */
  static final class ImmutableMap extends MapSerializer<Map<Object, Object>> {
    private final DecodeLimits limits;

    ImmutableMap(DecodeLimits limits) {
      this.limits = limits;
      setKeysCanBeNull(false);
      setValuesCanBeNull(false);
    }

    @Override
    protected Map<Object, Object> create(Kryo kryo, Input input,
        Class<? extends Map<Object, Object>> type, int size) {
      DecodeLimits.checkLength(size, remaining(input), "map");
      return new HashMap<>();
    }

    @Override
    public Map<Object, Object> read(Kryo kryo, Input input,
        Class<? extends Map<Object, Object>> type) {
      Map<Object, Object> read = Map.copyOf(super.read(kryo, input, type));
      limits.read(read);
      return read;
    }

    @Override
    protected Map<Object, Object> createCopy(Kryo kryo, Map<Object, Object> original) {
      return new HashMap<>();
    }

    @Override
    public Map<Object, Object> copy(Kryo kryo, Map<Object, Object> original) {
      return Map.copyOf(super.copy(kryo, original));
    }
  }

  static final class PriorityQueues extends PriorityQueueSerializer {
    private final DecodeLimits limits;

    PriorityQueues(DecodeLimits limits) {
      this.limits = limits;
    }

    @Override
    protected PriorityQueue create(Kryo kryo, Input input, Class<? extends PriorityQueue> type,
        int size) {
      DecodeLimits.checkLength(size, remaining(input), type.getName());
      return super.create(kryo, input, type, size);
    }

    @Override
    public PriorityQueue read(Kryo kryo, Input input, Class<? extends PriorityQueue> type) {
      PriorityQueue read = super.read(kryo, input, type);
      limits.read(read);
      return read;
    }
  }

  static final class ArraysAsList extends ArraysAsListSerializer {
    private final DecodeLimits limits;

    ArraysAsList(DecodeLimits limits) {
      this.limits = limits;
    }

    @Override
    protected List create(Kryo kryo, Input input, Class type, int size) {
      DecodeLimits.checkLength(size, remaining(input), "list");
      return super.create(kryo, input, type, size);
    }

    @Override
    public List read(Kryo kryo, Input input, Class type) {
      List read = super.read(kryo, input, type);
      limits.read(read);
      return read;
    }
  }

  static final class ObjectArrays extends ObjectArraySerializer {
    ObjectArrays(Kryo kryo, Class<?> type) {
      super(kryo, type);
    }

    @Override
    public Object[] read(Kryo kryo, Input input, Class type) {
      checkArrayLength(input, type.getComponentType().getName() + "[]");
      return super.read(kryo, input, type);
    }
  }

  static final class StringArrays extends StringArraySerializer {
    @Override
    @SuppressWarnings("rawtypes")
    public String[] read(Kryo kryo, Input input, Class type) {
      checkArrayLength(input, "String[]");
      return super.read(kryo, input, type);
    }
  }
}
