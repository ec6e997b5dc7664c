package dev.strata.samples.cdi;

import dev.strata.cdi.StrataCacheExtension;
import dev.strata.samples.SampleLogging;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * JSR-107 caching annotations on a CDI bean, in a Weld SE container. Class-path scanning is
 * off to keep start-up short, so Strata's extension and the sample's bean are added by hand
 * (with scanning on, the extension is found through its service file). Run with
 * {@code mvn -q -pl samples exec:java -Dexec.mainClass=dev.strata.samples.cdi.CdiSample}.
 */
public final class CdiSample {
  private CdiSample() {
  }

  /** A price list whose look-ups are slow enough to be worth caching. */
  @ApplicationScoped
  @CacheDefaults(cacheName = "prices")
  public static class PriceList {
    private final Map<String, BigDecimal> source = new ConcurrentHashMap<>(
        Map.of("apple", new BigDecimal("1.20"), "pear", new BigDecimal("0.90")));
    private final AtomicInteger lookups = new AtomicInteger();

    @CacheResult
    public BigDecimal price(String item) {
      lookups.incrementAndGet();
      return source.get(item);
    }

    @CachePut
    public void changePrice(@CacheKey String item, @CacheValue BigDecimal price) {
      source.put(item, price);
    }

    @CacheRemove
    public void forget(String item) {
    }

    public int lookups() {
      return lookups.get();
    }
  }

  private static int calls;

  /** Boots Weld SE, calls the bean and reports which calls were computed. */
  public static void main(String[] args) {
    SampleLogging.quiet();
    try (WeldContainer container = new Weld().disableDiscovery()
        .addExtension(new StrataCacheExtension())
        .addBeanClasses(PriceList.class).initialize()) {
      PriceList prices = container.select(PriceList.class).get();
      show(prices, "apple");
      show(prices, "apple");
      show(prices, "pear");
      System.out.println("changePrice(apple, 1.50)  @CachePut stores the new price");
      prices.changePrice("apple", new BigDecimal("1.50"));
      show(prices, "apple");
      System.out.println("forget(apple)             @CacheRemove drops the entry");
      prices.forget("apple");
      show(prices, "apple");
      System.out.println("price look-ups computed: " + prices.lookups() + " of " + calls
          + " calls");
    }
  }

  private static void show(PriceList prices, String item) {
    calls++;
    int before = prices.lookups();
    BigDecimal price = prices.price(item);
    String how = prices.lookups() > before ? "computed" : "cache hit";
    System.out.printf("price(%s) = %s   (%s)%n", item, price, how);
  }
}
