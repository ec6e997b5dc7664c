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
import java.util.Set;
import java.util.UUID;

/**
 * JDK types whose instances cannot change, so storing one by value needs no copy. The set is
 * closed on purpose: only final JDK classes qualify, never a user's class that merely looks
 * immutable.
 */
public final class ImmutableTypes {
  private static final Set<Class<?>> TYPES = Set.of(
      String.class, Boolean.class, Character.class, Byte.class, Short.class, Integer.class,
      Long.class, Float.class, Double.class, BigInteger.class, BigDecimal.class, UUID.class,
      Instant.class, Duration.class, Period.class, LocalDate.class, LocalTime.class,
      LocalDateTime.class, OffsetDateTime.class, OffsetTime.class, ZonedDateTime.class,
      ZoneOffset.class, Year.class, YearMonth.class, MonthDay.class);

  private ImmutableTypes() {}

  public static boolean isImmutable(Object value) {
    Class<?> type = value.getClass();
    return TYPES.contains(type) || type.isEnum()
        || (type.getSuperclass() != null && type.getSuperclass().isEnum());
  }
}
