package dev.strata.jcache.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import javax.cache.CacheException;

/**
 * Java serialization, resolving classes through the cache manager's class loader. The default
 * codec of the embedded store, whose bytes never leave the JVM.
 */
public final class JavaSerializationCodec implements Codec {
  @Override
  public byte[] encode(Object value) {
    if (!(value instanceof Serializable)) {
      throw new ClassCastException("Cannot store a " + value.getClass().getName()
          + " by value: the type does not implement java.io.Serializable");
    }
    var bytes = new ByteArrayOutputStream(64);
    try (var out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      throw new CacheException("Cannot store a " + value.getClass().getName()
          + " by value: it holds a non-serializable " + e.getMessage(), e);
    } catch (IOException e) {
      throw new CacheException("Cannot serialize a " + value.getClass().getName(), e);
    }
    return bytes.toByteArray();
  }

  @Override
  public Object decode(byte[] bytes, ClassLoader classLoader) {
    try (var in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), classLoader)) {
      return in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new CacheException("Cannot deserialize a stored value: " + e, e);
    }
  }

  private static final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader classLoader;

    LoaderObjectInputStream(InputStream in, ClassLoader classLoader) throws IOException {
      super(in);
      this.classLoader = classLoader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, classLoader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
