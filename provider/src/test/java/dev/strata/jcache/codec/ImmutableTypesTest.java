package dev.strata.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImmutableTypesTest {
  record Money(long cents, String currency) implements Serializable {}

  record Payment(Money amount, Instant at, java.time.DayOfWeek day) implements Serializable {}

  record Basket(List<String> items) implements Serializable {}

  record Chain(int value, Chain next) implements Serializable {}

  record Blob(byte[] bytes) implements Serializable {}

  /** Mutable in form, declared immutable by configuration. */
  static final class Settled implements Serializable {
    private static final long serialVersionUID = 1L;
    String reference = "r";
  }

  @Test
  void recordsOfImmutableComponentsAreImmutableAndOthersAreNot() {
    assertTrue(ImmutableTypes.isImmutable(new Money(1, "EUR")));
    assertTrue(ImmutableTypes.isImmutable(new Payment(new Money(1, "EUR"), Instant.EPOCH, null)));
    assertTrue(ImmutableTypes.isImmutable(new Chain(1, new Chain(2, null))));
    assertFalse(ImmutableTypes.isImmutable(new Basket(List.of("a"))));
    assertFalse(ImmutableTypes.isImmutable(new Blob(new byte[1])));
    assertFalse(ImmutableTypes.isImmutable(new Settled()));
  }

  @Test
  void declaredClassesAreImmutableOnlyWhereDeclared() {
    var declared = ImmutableTypes.of(List.of(Settled.class.getName()));
    assertTrue(declared.covers(new Settled()));
    assertTrue(declared.covers("text"));
    assertFalse(declared.covers(new ArrayList<>()));
    assertFalse(ImmutableTypes.builtIn().covers(new Settled()));
    assertTrue(ImmutableTypes.of(List.of("dev.strata.jcache.codec.*")).covers(new Settled()));
  }

  @Test
  void aStoreByValueCopierSharesImmutableValuesAndCopiesTheRest() {
    var copier = ValueCopier.byValue(new KryoCodec(), getClass().getClassLoader(),
        ImmutableTypes.of(List.of(Settled.class.getName())));
    var money = new Money(5, "EUR");
    assertSame(money, copier.fromStored(copier.toStored(money)));
    var settled = new Settled();
    assertSame(settled, copier.fromStored(copier.toStored(settled)));
    assertTrue(copier.isImmutable(settled));
    var basket = new Basket(new ArrayList<>(List.of("a")));
    Object copy = copier.fromStored(copier.toStored(basket));
    assertNotSame(basket, copy);
    assertEquals(basket, copy);
    assertSame(money, copier.copyKey(money));
  }
}
