package dev.strata.samples.springboot;

import java.io.Serializable;

/** What the catalogue knows of a book; serializable, since Strata caches store by value. */
public record Book(String isbn, String title) implements Serializable {
}
