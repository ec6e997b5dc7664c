package dev.strata.jcache.codec;

import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import java.util.Objects;
import javax.cache.CacheException;

/**
 * Strata's default codec ({@code codec = kryo}): Kryo 5, behind a three-byte header that names
 * the format, so that bytes of another codec, of a later format version, or of no Strata codec
 * at all are refused with a message saying which, never decoded into garbage.
 *
 * <p>The header is {@link #MAGIC}, {@link #CODEC_ID} and {@link #VERSION}; the Kryo bytes
 * follow. Version 1 writes every class by name (so two JVMs need no shared registration order),
 * keeps shared references and cycles, stores only {@code Serializable} classes, and hands the
 * classes whose own code decides their serialized form (such as a {@code readObject} or a
 * {@code writeReplace}) to Java serialization inside the Kryo bytes. A later Strata version
 * that changes the format raises the version and keeps reading this one, or refuses it by
 * name.
 *
 * <p>Kryo instances are not thread-safe; each call borrows one from a pool, with its buffers,
 * and returns it, so the hot path allocates only the bytes it returns.
 *
 * <p>Unrestricted, as the embedded store uses it, it decodes any class. {@link #restrictedTo
 * Restricted}, as every cache in Redis uses it, it refuses a class outside the allowed classes
 * by its name before loading it, both when writing and when reading, bounds the nesting depth,
 * refuses any array, collection, map or string longer than the bytes left could hold before
 * allocating for it, bounds how collections nest and how many elements a walk of them visits,
 * and refuses values over 512 MiB: the same bounds as the Java serialization codec.
 */
public final class KryoCodec implements Codec {
  /** The first byte of every value: no tag of the Java serialization codec uses it. */
  static final byte MAGIC = (byte) 0xC5;
  /** The codec's identity within Strata's formats: {@code 'K'}. */
  static final byte CODEC_ID = 'K';
  /** The format version this codec writes. */
  static final byte VERSION = 1;
  static final int HEADER = 3;
  /** Buffers grown past this are dropped rather than pooled. */
  private static final int POOLED_BUFFER = 64 * 1024;
  private static final byte[] NO_BYTES = {};

  private final AllowedClasses allowed;
  private final Pool<Session> sessions;

  /** The unrestricted codec, which decodes any class. */
  public KryoCodec() {
    this(null);
  }

  private KryoCodec(AllowedClasses allowed) {
    this.allowed = allowed;
    this.sessions = new Pool<>(true, false, 4 * Runtime.getRuntime().availableProcessors()) {
      @Override
      protected Session create() {
        return new Session();
      }
    };
  }

  @Override
  public Codec restrictedTo(AllowedClasses classes) {
    return new KryoCodec(Objects.requireNonNull(classes));
  }

  @Override
  public byte[] encode(Object value) {
    Session session = sessions.obtain();
    try {
      return session.encode(value, Thread.currentThread().getContextClassLoader());
    } catch (RuntimeException e) {
      session.discardBuffers();
      throw notStored(value, e);
    } finally {
      sessions.free(session);
    }
  }

  @Override
  public Object decode(byte[] bytes, ClassLoader classLoader) {
    checkHeader(bytes);
    if (allowed != null && bytes.length > SerializedValueReader.MAXIMUM_BYTES) {
      throw new CacheException("the value takes " + bytes.length + " bytes, over the "
          + SerializedValueReader.MAXIMUM_BYTES + " a cache decodes");
    }
    Session session = sessions.obtain();
    try {
      return session.decode(bytes, classLoader);
    } catch (RuntimeException | StackOverflowError e) {
      session.reset();
      throw unreadable(e);
    } finally {
      sessions.free(session);
    }
  }

  private static void checkHeader(byte[] bytes) {
    if (bytes.length == 0) {
      throw JavaSerializationCodec.foreign("no bytes at all");
    }
    byte first = bytes[0];
    if (first == JavaSerializationCodec.JAVA_SERIALIZATION || first == JavaSerializationCodec.STRING
        || first == JavaSerializationCodec.LONG || first == JavaSerializationCodec.INTEGER) {
      throw JavaSerializationCodec.foreign("they were written by the java codec, and this"
          + " cache's codec is kryo; set codec = java, or remove the entries written under the"
          + " other codec");
    }
    if (first != MAGIC || bytes.length < HEADER) {
      throw JavaSerializationCodec.foreign(String.format("unknown type tag 0x%02x",
          first & 0xff));
    }
    if (bytes[1] != CODEC_ID) {
      throw JavaSerializationCodec.foreign(String.format("they were written by a codec with id"
          + " 0x%02x, and this cache's codec is kryo", bytes[1] & 0xff));
    }
    if (bytes[2] != VERSION) {
      throw JavaSerializationCodec.foreign("they are in version " + (bytes[2] & 0xff)
          + " of the kryo format, and this Strata reads version " + VERSION
          + "; upgrade every application sharing the cache to the same Strata version");
    }
  }

  private static RuntimeException notStored(Object value, RuntimeException failure) {
    String type = value.getClass().getName();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof AllowedClassResolver.NotAllowed) {
        return new CacheException("Cannot store a " + type + ": " + cause.getMessage()
            + ", so the cache could not read it back; allow it with allowed-classes in the"
            + " cache's configuration, strata.defaults.allowed-classes, or"
            + " StrataConfiguration.addAllowedClasses", failure);
      }
      if (cause instanceof StrataKryo.NotSerializable) {
        // as the java codec reports them: the value's own type as a wrong type, a part of it
        // as a failure to encode
        Class<?> holds = ((StrataKryo.NotSerializable) cause).type;
        if (holds != value.getClass()) {
          return new CacheException("Cannot store a " + type + " by value: it holds a"
              + " non-serializable " + holds.getName(), failure);
        }
        var refused = new ClassCastException("Cannot store a " + type + " by value: the type"
            + " does not implement java.io.Serializable");
        refused.initCause(failure);
        return refused;
      }
      if (cause instanceof CacheException || cause instanceof ClassCastException) {
        return (RuntimeException) cause;
      }
    }
    return new CacheException("Cannot encode a " + type + ": " + failure, failure);
  }

  private static CacheException unreadable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof AllowedClassResolver.NotAllowed) {
        return new CacheException(SerializedValueReader.notAllowed(
            ((AllowedClassResolver.NotAllowed) cause).className), failure);
      }
      if (cause instanceof DecodeLimits.Refused || cause instanceof CacheException) {
        return new CacheException(cause.getMessage(), failure);
      }
      if (cause instanceof ClassNotFoundException) {
        return new CacheException("class " + cause.getMessage() + " is not on the class path",
            failure);
      }
    }
    if (failure instanceof StackOverflowError) {
      return new CacheException("the value nests objects too deeply to read", failure);
    }
    String reason = String.valueOf(failure.getMessage());
    if (reason.startsWith("Max depth exceeded")) {
      return new CacheException("the value nests objects deeper than "
          + SerializedValueReader.MAXIMUM_DEPTH + " levels", failure);
    }
    return JavaSerializationCodec.foreign(failure.toString());
  }

  /** A pooled Kryo instance with its buffers and the bounds of its current read. */
  private final class Session {
    private final DecodeLimits limits = new DecodeLimits(allowed != null);
    private final BoundedInput input = new BoundedInput();
    private Output output = new Output(256, -1);
    private StrataKryo kryo;
    private ClassLoader classLoader;

    private StrataKryo kryo(ClassLoader loader) {
      ClassLoader wanted = loader == null ? KryoCodec.class.getClassLoader() : loader;
      if (kryo == null || classLoader != wanted) {
        kryo = new StrataKryo(allowed, wanted, limits);
        classLoader = wanted;
      }
      return kryo;
    }

    byte[] encode(Object value, ClassLoader contextLoader) {
      StrataKryo writer = kryo == null ? kryo(contextLoader) : kryo;
      output.reset();
      output.writeByte(MAGIC);
      output.writeByte(CODEC_ID);
      output.writeByte(VERSION);
      writer.writeClassAndObject(output, value);
      byte[] bytes = output.toBytes();
      if (output.getBuffer().length > POOLED_BUFFER) {
        discardBuffers();
      }
      return bytes;
    }

    Object decode(byte[] bytes, ClassLoader loader) {
      StrataKryo reader = kryo(loader);
      input.setBuffer(bytes, HEADER, bytes.length - HEADER);
      limits.start(bytes.length);
      try {
        Object value = reader.readClassAndObject(input);
        if (input.position() != bytes.length) {
          throw new DecodeLimits.Refused((bytes.length - input.position())
              + " bytes follow the value");
        }
        return value;
      } finally {
        limits.finish();
        input.setBuffer(NO_BYTES);
      }
    }

    void discardBuffers() {
      output = new Output(256, -1);
    }

    /** After a failure midway, Kryo's state for the read is not to be trusted: start over. */
    void reset() {
      kryo = null;
      limits.finish();
    }
  }
}
