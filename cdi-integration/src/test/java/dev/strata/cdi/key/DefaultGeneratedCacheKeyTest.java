package dev.strata.cdi.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class DefaultGeneratedCacheKeyTest {
  @Test
  void equalityIsDeepOverArrays() {
    DefaultGeneratedCacheKey a = new DefaultGeneratedCacheKey("x", new int[] {1, 2},
        new Object[] {new String[] {"n"}}, null);
    DefaultGeneratedCacheKey b = new DefaultGeneratedCacheKey("x", new int[] {1, 2},
        new Object[] {new String[] {"n"}}, null);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, new DefaultGeneratedCacheKey("x", new int[] {2, 1},
        new Object[] {new String[] {"n"}}, null));
    assertNotEquals(new DefaultGeneratedCacheKey("x"), new DefaultGeneratedCacheKey("x", null));
  }

  @Test
  void laterChangesToTheArgumentArrayDoNotChangeTheKey() {
    Object[] arguments = {"a"};
    DefaultGeneratedCacheKey key = new DefaultGeneratedCacheKey(arguments);
    arguments[0] = "b";
    assertEquals(new DefaultGeneratedCacheKey("a"), key);
  }

  @Test
  void survivesSerialization() throws Exception {
    DefaultGeneratedCacheKey key = new DefaultGeneratedCacheKey("x", 3, new long[] {4L});
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(key);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      Object copy = in.readObject();
      assertEquals(key, copy);
      assertEquals(key.hashCode(), copy.hashCode());
    }
  }
}
