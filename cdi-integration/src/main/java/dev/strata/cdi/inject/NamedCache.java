package dev.strata.cdi.inject;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Injects the cache with this name from the injectable {@code CacheManager}:
 * {@code @Inject @NamedCache("users") Cache<String, User> users;}. A cache that Strata's
 * configuration declares is used as declared; a missing one is created with a default
 * configuration, as the caching annotations do, so both see the same cache.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, METHOD, TYPE})
public @interface NamedCache {
  /** The cache name; must not be blank. */
  @Nonbinding
  String value();

  /** An instance for programmatic look-up, e.g. {@code Instance.select(...)}. */
  final class Literal extends AnnotationLiteral<NamedCache> implements NamedCache {
    private static final long serialVersionUID = 1L;

    private final String value;

    private Literal(String value) {
      this.value = value;
    }

    /** The qualifier for the cache named {@code value}. */
    public static Literal of(String value) {
      return new Literal(value);
    }

    @Override
    public String value() {
      return value;
    }
  }
}
