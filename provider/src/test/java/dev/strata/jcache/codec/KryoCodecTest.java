package dev.strata.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

class KryoCodecTest {
  private final ClassLoader loader = getClass().getClassLoader();
  private final Codec open = new KryoCodec();
  private final Codec restricted = open.restrictedTo(AllowedClasses.of(
      List.of("dev.strata.jcache.codec.*")));

  /** A mutable application class, as a cache commonly holds. */
  static final class Account implements Serializable {
    private static final long serialVersionUID = 1L;
    long id;
    int version;
    double balance;
    String owner;
    byte[] token;
    List<String> tags = new ArrayList<>();

    @Override
    public boolean equals(Object other) {
      return other instanceof Account a && a.id == id && a.version == version
          && a.balance == balance && Objects.equals(a.owner, owner)
          && Arrays.equals(a.token, token) && a.tags.equals(tags);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(id);
    }
  }

  record Point(int x, int y, String label) implements Serializable {}

  enum Colour {
    RED {
      @Override
      String code() {
        return "r";
      }
    },
    GREEN;

    String code() {
      return name();
    }
  }

  /** A class whose serialized form its own code decides. */
  static final class Temperature implements Serializable {
    private static final long serialVersionUID = 1L;
    transient double celsius;

    Temperature(double celsius) {
      this.celsius = celsius;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      out.defaultWriteObject();
      out.writeUTF(Double.toString(celsius));
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      celsius = Double.parseDouble(in.readUTF());
    }
  }

  /** Written as a proxy, read back as itself. */
  static final class Replaced implements Serializable {
    private static final long serialVersionUID = 1L;
    final String name;

    Replaced(String name) {
      this.name = name;
    }

    private Object writeReplace() {
      return new Proxy(name.toUpperCase());
    }
  }

  static final class Proxy implements Serializable {
    private static final long serialVersionUID = 1L;
    final String name;

    Proxy(String name) {
      this.name = name;
    }

    private Object readResolve() {
      return new Replaced(name.toLowerCase() + "!");
    }
  }

  /** Not Serializable, so never stored by value. */
  static final class Plain {
    int value;
  }

  private Object roundTrip(Codec codec, Object value) {
    return codec.decode(codec.encode(value), loader);
  }

  @Test
  @SuppressWarnings("unchecked")
  void jdkValuesCollectionsRecordsEnumsAndApplicationClassesRoundTrip() {
    var account = new Account();
    account.id = 42;
    account.version = 3;
    account.balance = 12.5;
    account.owner = "ada";
    account.token = new byte[] {1, 2, 3};
    account.tags.add("gold");
    List<Object> values = List.of("text", "\uD83D\uDE00 and an unpaired \uD800", 7, 8L, 1.5,
        'c', true, new BigDecimal("1.25"), UUID.randomUUID(), Instant.now(), LocalDate.now(),
        ZonedDateTime.now(), new Date(), DayOfWeek.FRIDAY, Colour.RED, Colour.GREEN,
        List.of(1, 2, 3), Set.of("a", "b"), Map.of("k", 1), new ArrayList<>(List.of(1, "x")),
        new HashMap<>(Map.of("k", List.of(1))), new LinkedHashMap<>(Map.of(1, 2)),
        new TreeMap<>(Map.of("b", 2, "a", 1)), new ConcurrentHashMap<>(Map.of("z", 26)),
        new HashSet<>(Set.of(1, 2)), EnumSet.of(DayOfWeek.MONDAY),
        Collections.unmodifiableList(new ArrayList<>(List.of(1, 2))),
        Collections.unmodifiableMap(new HashMap<>(Map.of("a", 1))), Arrays.asList(1, 2),
        Collections.emptyList(), Collections.singletonMap("a", 1),
        new Point(1, 2, "p"), account, List.of(new Point(3, 4, null)));
    for (Codec codec : List.of(open, restricted)) {
      for (Object value : values) {
        Object copy = roundTrip(codec, value);
        assertEquals(value, copy, value.getClass().getName());
        if (!ImmutableTypes.isImmutable(value) && !(value instanceof Enum)
            && value != Collections.emptyList()) {
          assertNotSame(value, copy);
        }
      }
      assertArrayEquals(new long[] {1, 2}, (long[]) roundTrip(codec, new long[] {1, 2}));
      assertArrayEquals(new Object[] {"a", 1}, (Object[]) roundTrip(codec, new Object[] {"a", 1}));
      assertArrayEquals(new String[] {"a", null}, (String[]) roundTrip(codec, new String[] {"a", null}));
      assertEquals("r", ((Colour) roundTrip(codec, Colour.RED)).code());
      assertThrows(UnsupportedOperationException.class,
          () -> ((List<Object>) roundTrip(codec, List.of(1))).add(2));
    }
  }

  @Test
  void sharedReferencesAndCyclesSurvive() {
    var shared = new ArrayList<Object>(List.of("x"));
    List<Object> holder = new ArrayList<>(List.of(shared, shared));
    holder.add(holder);
    @SuppressWarnings("unchecked")
    List<Object> copy = (List<Object>) roundTrip(restricted, holder);
    assertSame(copy.get(0), copy.get(1));
    assertSame(copy, copy.get(2));
  }

  @Test
  void classesWithTheirOwnSerializationCodeKeepIt() {
    for (Codec codec : List.of(open, restricted)) {
      assertEquals(21.5, ((Temperature) roundTrip(codec, new Temperature(21.5))).celsius);
      assertEquals("ada!", ((Replaced) roundTrip(codec, new Replaced("ada"))).name);
      var nested = (List<?>) roundTrip(codec, new ArrayList<>(List.of(new Temperature(3))));
      assertEquals(3.0, ((Temperature) nested.get(0)).celsius);
    }
  }

  @Test
  void aClassThatIsNotSerializableIsRefusedNamingIt() {
    var direct = assertThrows(ClassCastException.class, () -> open.encode(new Plain()));
    assertTrue(direct.getMessage().contains(Plain.class.getName()), direct.getMessage());
    assertTrue(direct.getMessage().contains("java.io.Serializable"), direct.getMessage());
    var nested = assertThrows(CacheException.class,
        () -> open.encode(new ArrayList<>(List.of(new Plain()))));
    assertTrue(nested.getMessage().contains("holds a non-serializable " + Plain.class.getName()),
        nested.getMessage());
  }

  @Test
  void aClassThatIsNotAllowedIsRefusedOnWriteAndNeverRunsOnRead() {
    Codec strict = open.restrictedTo(AllowedClasses.of(List.of()));
    var write = assertThrows(CacheException.class, () -> strict.encode(new Point(1, 2, "p")));
    assertTrue(write.getMessage().contains("class " + Point.class.getName() + " is not allowed"),
        write.getMessage());
    assertTrue(write.getMessage().contains("allowed-classes"), write.getMessage());
    assertThrows(CacheException.class,
        () -> strict.encode(new ArrayList<>(List.of(new Point(1, 2, "p")))));
    assertThrows(CacheException.class, () -> strict.encode(new Point[] {new Point(1, 2, "p")}));

    byte[] planted = open.encode(new ArrayList<>(List.of(new Trap())));
    Trap.CONSTRUCTED.set(false);
    var read = assertThrows(CacheException.class, () -> strict.decode(planted, loader));
    assertTrue(read.getMessage().contains(Trap.class.getName() + " is not allowed"),
        read.getMessage());
    assertFalse(Trap.CONSTRUCTED.get(), "the refused class was instantiated");
    assertFalse(TRAP_LOAD_INITIALIZED.get(), "a class the refused one names was initialized");
  }

  /** Records whether an instance was ever made, and needs a class initialized to be made. */
  static final class Trap extends TrapBase implements Serializable {
    private static final long serialVersionUID = 1L;
    static final AtomicBoolean CONSTRUCTED = new AtomicBoolean();
    final TrapLoad load = null;
  }

  static class TrapBase {
    TrapBase() {
      Trap.CONSTRUCTED.set(true);
    }
  }

  /** A class named only in the planted bytes' field type, whose initializer sets a flag. */
  static final class TrapLoad implements Serializable {
    private static final long serialVersionUID = 1L;

    static {
      TRAP_LOAD_INITIALIZED.set(true);
    }
  }

  static final AtomicBoolean TRAP_LOAD_INITIALIZED = new AtomicBoolean();

  @Test
  void bytesOfAnotherCodecAVersionOrNoStrataCodecAreRefusedSayingWhich() {
    byte[] java = new JavaSerializationCodec().encode(new ArrayList<>(List.of(1)));
    var fromJava = assertThrows(CacheException.class, () -> open.decode(java, loader));
    assertTrue(fromJava.getMessage().contains("written by the java codec"), fromJava.getMessage());
    byte[] javaString = new JavaSerializationCodec().encode("text");
    assertThrows(CacheException.class, () -> restricted.decode(javaString, loader));

    byte[] kryo = open.encode(List.of(1));
    var fromKryo = assertThrows(CacheException.class,
        () -> new JavaSerializationCodec().decode(kryo, loader));
    assertTrue(fromKryo.getMessage().contains("written by the kryo codec"), fromKryo.getMessage());

    byte[] later = kryo.clone();
    later[2] = 2;
    var version = assertThrows(CacheException.class, () -> restricted.decode(later, loader));
    assertTrue(version.getMessage().contains("version 2 of the kryo format"),
        version.getMessage());
    byte[] other = kryo.clone();
    other[1] = 'F';
    assertTrue(assertThrows(CacheException.class, () -> restricted.decode(other, loader))
        .getMessage().contains("codec with id 0x46"));
    assertThrows(CacheException.class, () -> restricted.decode(new byte[0], loader));
    assertThrows(CacheException.class, () -> restricted.decode(new byte[] {9, 9, 9}, loader));
    byte[] truncated = Arrays.copyOf(open.encode(new Point(1, 2, "label")), 8);
    assertThrows(CacheException.class, () -> restricted.decode(truncated, loader));
    byte[] trailing = Arrays.copyOf(kryo, kryo.length + 1);
    assertThrows(CacheException.class, () -> restricted.decode(trailing, loader));
  }

  @Test
  void theEncodingIsCompact() {
    assertTrue(open.encode("abc").length <= 8, Arrays.toString(open.encode("abc")));
    assertTrue(open.encode(42).length <= 6);
  }

  @Test
  void concurrentCallsEachGetTheirOwnInstance() throws Exception {
    var failures = new java.util.concurrent.atomic.AtomicInteger();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      int id = t;
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 2_000; i++) {
          var value = new Point(id, i, "p" + i);
          if (!value.equals(roundTrip(restricted, value))) {
            failures.incrementAndGet();
          }
        }
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(0, failures.get());
  }
}
