package dev.strata.jcache.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Types whose instances cannot change, so storing one by value needs no copy: the final JDK
 * value types below, enums, records whose components are all of such types (decided once per
 * record class), and the classes a cache's configuration declares immutable
 * ({@code immutable-classes}). A user's class never qualifies merely because it looks
 * immutable; only a record, whose components are final by construction, or a declaration does.
 */
public final class ImmutableTypes {
  private static final Set<Class<?>> TYPES = Set.of(
      String.class, Boolean.class, Character.class, Byte.class, Short.class, Integer.class,
      Long.class, Float.class, Double.class, BigInteger.class, BigDecimal.class, UUID.class,
      Instant.class, Duration.class, Period.class, LocalDate.class, LocalTime.class,
      LocalDateTime.class, OffsetDateTime.class, OffsetTime.class, ZonedDateTime.class,
      ZoneOffset.class, Year.class, YearMonth.class, MonthDay.class);

  private static final ClassValue<Boolean> RECORDS = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return immutableRecord(type, new HashSet<>());
    }
  };

  private static final ImmutableTypes BUILT_IN = new ImmutableTypes(null);

  private final AllowedClasses declared;
  private final ClassValue<Boolean> declaredTypes = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return declared.allows(type.getName());
    }
  };

  private ImmutableTypes(AllowedClasses declared) {
    this.declared = declared;
  }

  /** The built-in immutable types only. */
  public static ImmutableTypes builtIn() {
    return BUILT_IN;
  }

  /** The built-in immutable types and the classes these patterns name. */
  public static ImmutableTypes of(Collection<String> patterns) {
    return patterns.isEmpty() ? BUILT_IN : new ImmutableTypes(AllowedClasses.only(patterns));
  }

  /** Whether a value is of a built-in immutable type. */
  public static boolean isImmutable(Object value) {
    Class<?> type = value.getClass();
    return TYPES.contains(type) || type.isEnum()
        || (type.getSuperclass() != null && type.getSuperclass().isEnum())
        || (type.isRecord() && RECORDS.get(type));
  }

  /** Whether a value is of a built-in immutable type or of a class declared immutable. */
  public boolean covers(Object value) {
    return isImmutable(value) || (declared != null && declaredTypes.get(value.getClass()));
  }

  private static boolean immutableRecord(Class<?> type, Set<Class<?>> visiting) {
    if (!visiting.add(type)) {
      // reached again through its own components: immutable if the rest are
      return true;
    }
    for (RecordComponent component : type.getRecordComponents()) {
      Class<?> declared = component.getType();
      boolean immutable = declared.isPrimitive() || TYPES.contains(declared) || declared.isEnum()
          || (declared.isRecord() && immutableRecord(declared, visiting));
      if (!immutable) {
        return false;
      }
    }
    return true;
  }
}
