package dev.strata.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.configuration.StrataConfiguration;
import java.io.Serializable;
import java.lang.reflect.Proxy;
import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

class JavaSerializationCodecTest {
  private final ClassLoader loader = getClass().getClassLoader();
  private final Codec open = new JavaSerializationCodec();
  private final Codec restricted = open.restrictedTo(AllowedClasses.of(List.of()));

  /** A user's class, allowed only where a test says so. */
  static final class Account implements Serializable {
    private static final long serialVersionUID = 1L;
    final String id;

    Account(String id) {
      this.id = id;
    }
  }

  private Object roundTrip(Codec codec, Object value) {
    return codec.decode(codec.encode(value), loader);
  }

  @Test
  void theJdksValueTypesAreAllowedByDefault() {
    List<Object> values = List.of(List.of(1, 2L, "x"), new ArrayList<>(List.of(1.5, 'c')),
        new HashMap<>(Map.of("k", UUID.randomUUID())), new TreeMap<>(Map.of(1, DayOfWeek.MONDAY)),
        new ConcurrentHashMap<>(Map.of("z", ZonedDateTime.now())), new long[] {1, 2},
        new String[][] {{"a"}}, new java.math.BigInteger("123456789012345678901234567890"));
    for (Object value : values) {
      Object copy = roundTrip(restricted, value);
      if (value instanceof Object[]) {
        assertTrue(java.util.Arrays.deepEquals((Object[]) value, (Object[]) copy));
      } else if (!(value instanceof long[])) {
        assertEquals(value, copy);
      }
    }
  }

  @Test
  void aUserClassNeedsToBeAllowedByNameOrPackage() {
    Account account = new Account("a-1");
    CacheException refused = assertThrows(CacheException.class,
        () -> roundTrip(restricted, List.of(account)));
    assertTrue(refused.getMessage().contains(Account.class.getName() + " is not allowed"));
    assertThrows(CacheException.class, () -> roundTrip(restricted, new Account[] {account}));

    for (String pattern : List.of(Account.class.getName(), "dev.strata.jcache.codec.*",
        "dev.strata.**")) {
      Codec allowing = open.restrictedTo(AllowedClasses.of(List.of(pattern)));
      assertEquals("a-1", ((Account) roundTrip(allowing, account)).id, pattern);
    }
    Codec otherPackage = open.restrictedTo(AllowedClasses.of(List.of("dev.strata.*")));
    assertThrows(CacheException.class, () -> roundTrip(otherPackage, account));
    Codec typed = open.restrictedTo(AllowedClasses.of(List.of(), String.class, Account.class));
    assertEquals("a-1", ((Account) roundTrip(typed, account)).id);
  }

  @Test
  void theUnrestrictedCodecDecodesAnyClass() {
    assertEquals("a-2", ((Account) roundTrip(open, new Account("a-2"))).id);
  }

  @Test
  void aDynamicProxyIsRefused() {
    Object proxy = Proxy.newProxyInstance(loader, new Class<?>[] {Runnable.class},
        (Serializable & java.lang.reflect.InvocationHandler) (self, method, args) -> null);
    byte[] bytes = open.encode(proxy);
    CacheException refused = assertThrows(CacheException.class,
        () -> restricted.decode(bytes, loader));
    assertTrue(refused.getMessage().contains("not allowed"), refused.getMessage());
  }

  @Test
  void aValueNestedTooDeeplyIsRefused() {
    List<Object> nested = new ArrayList<>();
    List<Object> innermost = nested;
    for (int i = 0; i < 300; i++) {
      List<Object> next = new ArrayList<>();
      innermost.add(next);
      innermost = next;
    }
    CacheException refused = assertThrows(CacheException.class,
        () -> roundTrip(restricted, nested));
    assertTrue(refused.getMessage().contains("deeper than"), refused.getMessage());
  }

  @Test
  void anArrayLongerThanItsBytesIsRefused() {
    byte[] bytes = open.encode(new ArrayList<>(List.of("a")));
    // ArrayList writes its size as the int right after its default fields; claim a huge one.
    byte[] forged = bytes.clone();
    for (int i = 0; i + 4 < forged.length; i++) {
      if (forged[i] == 0 && forged[i + 1] == 0 && forged[i + 2] == 0 && forged[i + 3] == 1
          && forged[i + 4] == 0x77) {
        forged[i] = 0x7f;
      }
    }
    assertFalse(java.util.Arrays.equals(bytes, forged), "the size field was found");
    CacheException refused = assertThrows(CacheException.class,
        () -> restricted.decode(forged, loader));
    assertTrue(refused.getMessage().contains("cannot fit"), refused.getMessage());
  }

  @Test
  void patternsAreCheckedWhenConfigured() {
    var config = new StrataConfiguration<Object, Object>();
    config.setAllowedClasses(List.of("com.example.User", "com.example.*", "com.example.**"));
    config.addAllowedClasses("org.acme.*");
    assertEquals(4, config.getAllowedClasses().size());
    for (String bad : new String[] {"**", "com.*.x", "com..x", "com.example.", ""}) {
      assertThrows(IllegalArgumentException.class, () -> config.addAllowedClasses(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> config.setMaximumValueSize(0));
  }
}
