package dev.strata.jcache.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Writes an object inside a {@link KryoCodec} value with Java serialization, for the classes
 * whose serialized form their own code decides ({@code writeObject}, {@code readObject},
 * {@code writeReplace}, {@code readResolve}, {@code Externalizable}) and for collections Kryo
 * cannot rebuild (unmodifiable and synchronized views). The bytes are read by
 * {@link SerializedValueReader}, with the same allowed classes and bounds as the Java
 * serialization codec, so this path is no weaker than that codec.
 */
final class JavaSerializedSerializer extends Serializer<Object> {
  private final AllowedClasses allowed;
  private final ClassLoader classLoader;

  JavaSerializedSerializer(AllowedClasses allowed, ClassLoader classLoader) {
    this.allowed = allowed;
    this.classLoader = classLoader;
  }

  @Override
  public void write(Kryo kryo, Output output, Object object) {
    byte[] bytes = JavaSerializationCodec.serialize(object, allowed);
    output.writeVarInt(bytes.length, true);
    output.writeBytes(bytes);
  }

  @Override
  public Object read(Kryo kryo, Input input, Class<?> type) {
    byte[] bytes = input.readBytes(input.readVarInt(true));
    return SerializedValueReader.read(bytes, classLoader, allowed);
  }

  @Override
  public Object copy(Kryo kryo, Object original) {
    return SerializedValueReader.read(JavaSerializationCodec.serialize(original, null),
        classLoader, null);
  }
}
