package dev.strata.benchmarks;

import com.esotericsoftware.kryo.Kryo;
import dev.strata.jcache.codec.AllowedClasses;
import dev.strata.jcache.codec.Codec;
import dev.strata.jcache.codec.JavaSerializationCodec;
import dev.strata.jcache.codec.KryoCodec;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.Language;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codecs a store-by-value cache can use, on the two shapes of value a cache commonly holds:
 * a small mutable {@code Serializable} class (about 176 heap bytes: three numbers, a
 * {@code String}, a 16-byte {@code byte[]}) and a record of the same data. For each: encoding,
 * decoding, and a deep copy (what a store-by-value cache pays per put and per get).
 *
 * <p>{@code codec}: {@code java} and {@code kryo} are Strata's codecs as a cache in Redis uses
 * them, restricted to the allowed classes and with their headers and bounds; {@code fory} is
 * Apache Fory 0.13 (thread-safe, class registration required, the two classes registered), for
 * comparison, without Strata's header or bounds. Deep copy is the codec's decode of its encoding
 * for {@code java}, Kryo's {@code copy} for {@code kryo} and Fory's {@code copy} for
 * {@code fory}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class CodecBenchmark {
  /** The mutable value: about 176 bytes on a 64-bit heap with compressed pointers. */
  public static final class Account implements Serializable {
    private static final long serialVersionUID = 1L;
    public long id;
    public int version;
    public double balance;
    public String owner;
    public byte[] token;

    public Account() {}

    Account(long id, int version, double balance, String owner, byte[] token) {
      this.id = id;
      this.version = version;
      this.balance = balance;
      this.owner = owner;
      this.token = token;
    }
  }

  /** The same data as a record. */
  public record AccountRecord(long id, int version, double balance, String owner, byte[] token)
      implements Serializable {}

  @Param({"java", "kryo", "fory"})
  public String codec;

  @Param({"pojo", "record"})
  public String shape;

  private final ClassLoader loader = CodecBenchmark.class.getClassLoader();
  private Codec strata;
  private Kryo kryo;
  private ThreadSafeFory fory;
  private Object value;
  private byte[] encoded;

  @Setup
  public void setUp() {
    byte[] token = new byte[16];
    for (int i = 0; i < token.length; i++) {
      token[i] = (byte) (i * 31);
    }
    value = shape.equals("pojo") ? new Account(42, 7, 1234.5, "ada.lovelace", token)
        : new AccountRecord(42, 7, 1234.5, "ada.lovelace", token);
    var allowed = AllowedClasses.of(List.of("dev.strata.benchmarks.*"));
    switch (codec) {
      case "java" -> strata = new JavaSerializationCodec().restrictedTo(allowed);
      case "kryo" -> {
        strata = new KryoCodec().restrictedTo(allowed);
        kryo = new Kryo();
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        kryo.setInstantiatorStrategy(new com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy(
            new org.objenesis.strategy.StdInstantiatorStrategy()));
      }
      case "fory" -> {
        fory = Fory.builder().withLanguage(Language.JAVA).requireClassRegistration(true)
            .withRefTracking(true).buildThreadSafeFory();
        fory.register(Account.class);
        fory.register(AccountRecord.class);
      }
      default -> throw new IllegalArgumentException("codec " + codec);
    }
    encoded = encode();
  }

  @Benchmark
  public byte[] encode() {
    return fory != null ? fory.serialize(value) : strata.encode(value);
  }

  @Benchmark
  public Object decode() {
    return fory != null ? fory.deserialize(encoded) : strata.decode(encoded, loader);
  }

  @Benchmark
  public Object deepCopy() {
    if (fory != null) {
      return fory.copy(value);
    }
    if (kryo != null) {
      return kryo.copy(value);
    }
    return strata.decode(strata.encode(value), loader);
  }

  /** The encoded size, for the page. */
  public static int encodedSize(String codec, String shape) {
    var benchmark = new CodecBenchmark();
    benchmark.codec = codec;
    benchmark.shape = shape;
    benchmark.setUp();
    return benchmark.encoded.length;
  }
}
