package dev.strata.jcache.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import javax.cache.CacheException;

/**
 * The Java serialization codec ({@code codec = java}): resolving classes through the cache manager's
 * class loader, with compact forms for the commonest values.
 *
 * <p>A {@code String} is a tag byte and its UTF-8 bytes, a {@code Long} or {@code Integer} a tag
 * byte and its fixed-width big-endian bytes; anything else is a Java serialization stream, whose
 * first byte ({@code 0xAC}) no tag uses. The compact forms skip the object streams entirely,
 * and they are what values of those types cost in Redis.
 *
 * <p>Unrestricted, it decodes any class: the embedded store's bytes never leave the JVM, and
 * they were encoded from objects the application itself put. {@link #restrictedTo Restricted},
 * as every cache in Redis uses it, it decodes only the allowed classes and refuses any other
 * before loading it, and bounds what reading can cost (nesting depth, references, array and
 * collection lengths, total bytes, and how deeply collections nest), so bytes planted in the
 * store can neither run a gadget class's code nor make it allocate or compute without bound.
 * Restricted, it also refuses to encode a value holding a class it would not decode, so that
 * nothing is written that could never be read back.
 */
public final class JavaSerializationCodec implements Codec {
  static final byte STRING = 1;
  static final byte LONG = 2;
  static final byte INTEGER = 3;
  static final byte JAVA_SERIALIZATION = (byte) 0xAC;

  private final AllowedClasses allowed;

  /** The unrestricted codec, which decodes any class. */
  public JavaSerializationCodec() {
    this(null);
  }

  private JavaSerializationCodec(AllowedClasses allowed) {
    this.allowed = allowed;
  }

  @Override
  public Codec restrictedTo(AllowedClasses classes) {
    return new JavaSerializationCodec(Objects.requireNonNull(classes));
  }

  @Override
  public byte[] encode(Object value) {
    if (value instanceof String && !hasSurrogates((String) value)) {
      return tagged(STRING, ((String) value).getBytes(StandardCharsets.UTF_8));
    }
    if (value instanceof Long) {
      long number = (Long) value;
      byte[] bytes = new byte[9];
      bytes[0] = LONG;
      for (int i = 8; i > 0; i--) {
        bytes[i] = (byte) number;
        number >>>= 8;
      }
      return bytes;
    }
    if (value instanceof Integer) {
      int number = (Integer) value;
      return new byte[] {INTEGER, (byte) (number >>> 24), (byte) (number >>> 16),
          (byte) (number >>> 8), (byte) number};
    }
    return serialize(value, allowed);
  }

  /**
   * UTF-8 cannot carry an unpaired surrogate, which a Java string may hold; such strings take
   * Java serialization, whose modified UTF-8 keeps every char.
   */
  private static boolean hasSurrogates(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isSurrogate(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static byte[] tagged(byte tag, byte[] body) {
    byte[] bytes = new byte[body.length + 1];
    bytes[0] = tag;
    System.arraycopy(body, 0, bytes, 1, body.length);
    return bytes;
  }

  static byte[] serialize(Object value, AllowedClasses allowed) {
    if (!(value instanceof Serializable)) {
      throw new ClassCastException("Cannot store a " + value.getClass().getName()
          + " by value: the type does not implement java.io.Serializable");
    }
    var bytes = new ByteArrayOutputStream(256);
    try (var out = allowed == null ? new ObjectOutputStream(bytes)
        : new AllowedOutput(bytes, allowed)) {
      out.writeObject(value);
    } catch (NotAllowed e) {
      throw new CacheException("Cannot store a " + value.getClass().getName() + ": "
          + e.getMessage() + ", so the cache could not read it back; allow it with"
          + " allowed-classes in the cache's configuration, strata.defaults.allowed-classes,"
          + " or StrataConfiguration.addAllowedClasses", e);
    } catch (NotSerializableException e) {
      throw new CacheException("Cannot store a " + value.getClass().getName()
          + " by value: it holds a non-serializable " + e.getMessage(), e);
    } catch (IOException e) {
      throw new CacheException("Cannot serialize a " + value.getClass().getName(), e);
    }
    return bytes.toByteArray();
  }

  /**
   * A class the restricted decoder would refuse, found while encoding. Every class the stream
   * describes (each class of a value's hierarchy, array and enum classes included) passes
   * {@link #annotateClass}, as the decoder checks every class it reads.
   */
  private static final class NotAllowed extends InvalidClassException {
    private static final long serialVersionUID = 1L;

    NotAllowed(String reason) {
      super(reason);
    }
  }

  /**
   * Java serialization that refuses what the restricted decoder would refuse. Once it refused,
   * it lets the stream record its own failure, which it does before throwing it.
   */
  private static final class AllowedOutput extends ObjectOutputStream {
    private final AllowedClasses allowed;
    private boolean refused;

    AllowedOutput(OutputStream out, AllowedClasses allowed) throws IOException {
      super(out);
      this.allowed = allowed;
    }

    @Override
    protected void annotateClass(Class<?> type) throws IOException {
      if (!refused && !allowed.allows(type)) {
        refused = true;
        Class<?> element = type;
        while (element.isArray()) {
          element = element.getComponentType();
        }
        throw new NotAllowed("class " + element.getName() + " is not allowed");
      }
    }

    @Override
    protected void annotateProxyClass(Class<?> type) throws IOException {
      if (refused) {
        return;
      }
      refused = true;
      throw new NotAllowed("a dynamic proxy (" + type.getName() + ") is not allowed");
    }
  }

  @Override
  public Object decode(byte[] bytes, ClassLoader classLoader) {
    if (bytes.length == 0) {
      throw foreign("no bytes at all");
    }
    switch (bytes[0]) {
      case STRING:
        return new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
      case LONG:
        requireLength(bytes, 9, "a Long");
        long number = 0;
        for (int i = 1; i < 9; i++) {
          number = (number << 8) | (bytes[i] & 0xff);
        }
        return number;
      case INTEGER:
        requireLength(bytes, 5, "an Integer");
        return ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8)
            | (bytes[4] & 0xff);
      case JAVA_SERIALIZATION:
        return SerializedValueReader.read(bytes, classLoader, allowed);
      case KryoCodec.MAGIC:
        throw foreign("they were written by the kryo codec, and this cache's codec is java;"
            + " set codec = kryo, or remove the entries written under the other codec");
      default:
        throw foreign(String.format("unknown type tag 0x%02x", bytes[0] & 0xff));
    }
  }

  private static void requireLength(byte[] bytes, int length, String type) {
    if (bytes.length != length) {
      throw foreign(bytes.length + " bytes tagged as " + type + ", which takes " + length);
    }
  }

  /** Bytes that no Strata codec wrote, or that were damaged since. */
  static CacheException foreign(String detail) {
    return new CacheException("the bytes are not a value Strata wrote (" + detail + ")");
  }
}
