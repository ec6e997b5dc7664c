package dev.strata.samples.springboot;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** The system of record behind the cache: slow, and counting how often it is asked. */
@Component
public class Catalogue {
  private final Map<String, String> titles = new ConcurrentHashMap<>(Map.of(
      "978-0134685991", "Effective Java",
      "978-0321349606", "Java Concurrency in Practice"));
  private final AtomicInteger lookups = new AtomicInteger();

  public Book lookUp(String isbn) {
    lookups.incrementAndGet();
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String title = titles.get(isbn);
    if (title == null) {
      throw new NoSuchElementException("No book " + isbn);
    }
    return new Book(isbn, title);
  }

  public void retitle(String isbn, String title) {
    titles.put(isbn, title);
  }

  /** How many times {@link #lookUp} has been called. */
  public int lookups() {
    return lookups.get();
  }
}
