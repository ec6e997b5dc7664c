package dev.strata.jcache.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import java.io.Externalizable;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.UUID;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * One Kryo instance as the {@link KryoCodec} configures it: classes written by name (no
 * registration order to keep in step between JVMs), shared references and cycles kept, only
 * {@code Serializable} classes stored (as with Java serialization), the classes whose own code
 * decides their serialized form delegated to Java serialization, and Kryo's serializers of
 * collections, maps and arrays replaced by {@link BoundedSerializers bounded} ones. Restricted,
 * it resolves classes through an {@link AllowedClassResolver} and bounds the nesting depth.
 */
final class StrataKryo extends Kryo {
  private final AllowedClasses allowed;
  private final DecodeLimits limits;

  StrataKryo(AllowedClasses allowed, ClassLoader classLoader, DecodeLimits limits) {
    super(allowed == null ? new DefaultClassResolver() : new AllowedClassResolver(allowed),
        new MapReferenceResolver());
    this.allowed = allowed;
    this.limits = limits;
    setClassLoader(classLoader);
    setRegistrationRequired(false);
    setReferences(true);
    setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    setDefaultSerializer(new StoredClasses(allowed, classLoader));
    addDefaultSerializer(UUID.class, new UuidSerializer());
    if (allowed != null) {
      setMaxDepth(SerializedValueReader.MAXIMUM_DEPTH);
    }
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Serializer getDefaultSerializer(Class type) {
    Serializer<?> chosen = super.getDefaultSerializer(type);
    if (type.isRecord() && !Serializable.class.isAssignableFrom(type)) {
      throw new NotSerializable(type);
    }
    Serializer<?> bounded = BoundedSerializers.bounded(this, chosen, type, limits);
    if (bounded == null) {
      return new JavaSerializedSerializer(allowed, getClassLoader());
    }
    return bounded;
  }

  /** The serializers of classes Kryo has none for: fields, or Java serialization. */
  private static final class StoredClasses
      extends SerializerFactory.BaseSerializerFactory<Serializer<?>> {
    private final AllowedClasses allowed;
    private final ClassLoader classLoader;

    StoredClasses(AllowedClasses allowed, ClassLoader classLoader) {
      this.allowed = allowed;
      this.classLoader = classLoader;
    }

    @Override
    public Serializer<?> newSerializer(Kryo kryo, Class type) {
      if (!Serializable.class.isAssignableFrom(type)) {
        throw new NotSerializable(type);
      }
      if (ownsItsForm(type) || !type.getModule().isOpen(type.getPackageName(),
          StrataKryo.class.getModule())) {
        // Kryo could not reach the fields of a JDK class it has no serializer for.
        return new JavaSerializedSerializer(allowed, classLoader);
      }
      return new FieldSerializer<>(kryo, type);
    }
  }

  /**
   * Whether Java serialization of a class runs its own code: {@code Externalizable}, or a
   * {@code writeObject}, {@code readObject}, {@code readObjectNoData}, {@code writeReplace} or
   * {@code readResolve} anywhere up its hierarchy. Kryo would skip that code and write its
   * fields, which may not be the state the class means to keep.
   */
  static boolean ownsItsForm(Class<?> type) {
    if (Externalizable.class.isAssignableFrom(type)) {
      return true;
    }
    for (Class<?> at = type; at != null && at != Object.class; at = at.getSuperclass()) {
      if (declares(at, "writeObject", ObjectOutputStream.class)
          || declares(at, "readObject", ObjectInputStream.class)
          || declares(at, "readObjectNoData") || declares(at, "writeReplace")
          || declares(at, "readResolve")) {
        return true;
      }
    }
    return false;
  }

  private static boolean declares(Class<?> type, String name, Class<?>... parameters) {
    try {
      type.getDeclaredMethod(name, parameters);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** A {@code UUID}, a common key, as its two longs. */
  private static final class UuidSerializer extends Serializer<UUID> {
    UuidSerializer() {
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, UUID uuid) {
      output.writeLong(uuid.getMostSignificantBits());
      output.writeLong(uuid.getLeastSignificantBits());
    }

    @Override
    public UUID read(Kryo kryo, Input input, Class<? extends UUID> type) {
      return new UUID(input.readLong(), input.readLong());
    }
  }

  /** A value holding an instance of a class that does not implement {@code Serializable}. */
  static final class NotSerializable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Class<?> type;

    NotSerializable(Class<?> type) {
      super(type.getName() + " does not implement java.io.Serializable", null, false, false);
      this.type = type;
    }
  }
}
