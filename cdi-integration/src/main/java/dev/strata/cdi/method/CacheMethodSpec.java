package dev.strata.cdi.method;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/**
 * What the caching annotations say about one method of one bean class, read by reflection
 * and checked against the rules of the specification: the operation, the cache name
 * (method annotation, else {@code @CacheDefaults}, else the method's signature), the resolver
 * factory and key generator classes (null for the defaults), and which parameters form the
 * key and which one is the value. Deployment checks and interceptors read methods the same way,
 * so what passed validation is what runs.
 */
public final class CacheMethodSpec {
  /** The four caching operations. */
  public enum Kind { RESULT, PUT, REMOVE, REMOVE_ALL }

  /** The annotations that select an operation. */
  public static final List<Class<? extends Annotation>> OPERATIONS =
      List.of(CacheResult.class, CachePut.class, CacheRemove.class, CacheRemoveAll.class);

  private final Method method;
  private final Kind kind;
  private final Annotation annotation;
  private final String cacheName;
  private final Class<? extends CacheResolverFactory> resolverFactory;
  private final Class<? extends CacheKeyGenerator> keyGenerator;
  private final int[] keyPositions;
  private final int valuePosition;

  private CacheMethodSpec(Method method, Kind kind, Annotation annotation, String cacheName,
      Class<? extends CacheResolverFactory> resolverFactory,
      Class<? extends CacheKeyGenerator> keyGenerator, int[] keyPositions, int valuePosition) {
    this.method = method;
    this.kind = kind;
    this.annotation = annotation;
    this.cacheName = cacheName;
    this.resolverFactory = resolverFactory;
    this.keyGenerator = keyGenerator;
    this.keyPositions = keyPositions;
    this.valuePosition = valuePosition;
  }

  /**
   * Reads {@code method} as a member of {@code beanClass}, which may be a subclass of the
   * declaring class (the container's generated subclass included).
   *
   * @return the spec, or null when the method carries no caching operation
   * @throws InvalidCacheMethodException when the annotations break the specification's rules
   */
  public static CacheMethodSpec of(Class<?> beanClass, Method method) {
    List<Annotation> operations = new ArrayList<>();
    for (Class<? extends Annotation> type : OPERATIONS) {
      Annotation found = method.getAnnotation(type);
      if (found != null) {
        operations.add(found);
      }
    }
    List<String> problems = new ArrayList<>();
    if (operations.isEmpty()) {
      if (hasParameterAnnotation(method, CacheValue.class)) {
        problems.add("@CacheValue is only allowed on a @CachePut method");
      }
      failIfAny(method, problems);
      return null;
    }
    if (operations.size() > 1) {
      problems.add("only one of @CacheResult, @CachePut, @CacheRemove, @CacheRemoveAll may be "
          + "used on a method, found " + operations.stream()
              .map(a -> "@" + a.annotationType().getSimpleName())
              .collect(Collectors.joining(", ")));
      failIfAny(method, problems);
    }
    Annotation annotation = operations.get(0);
    CacheDefaults defaults = defaultsFor(beanClass, method);
    Kind kind;
    String name;
    Class<? extends CacheResolverFactory> factory;
    Class<? extends CacheKeyGenerator> generator = null;
    if (annotation instanceof CacheResult result) {
      kind = Kind.RESULT;
      name = result.cacheName();
      factory = result.cacheResolverFactory();
      generator = result.cacheKeyGenerator();
      if (method.getReturnType() == void.class) {
        problems.add("@CacheResult needs a method that returns a value, not void");
      }
    } else if (annotation instanceof CachePut put) {
      kind = Kind.PUT;
      name = put.cacheName();
      factory = put.cacheResolverFactory();
      generator = put.cacheKeyGenerator();
    } else if (annotation instanceof CacheRemove remove) {
      kind = Kind.REMOVE;
      name = remove.cacheName();
      factory = remove.cacheResolverFactory();
      generator = remove.cacheKeyGenerator();
    } else {
      CacheRemoveAll removeAll = (CacheRemoveAll) annotation;
      kind = Kind.REMOVE_ALL;
      name = removeAll.cacheName();
      factory = removeAll.cacheResolverFactory();
    }
    int valuePosition = -1;
    List<Integer> keyPositions = new ArrayList<>();
    List<Integer> plainPositions = new ArrayList<>();
    Annotation[][] parameterAnnotations = method.getParameterAnnotations();
    for (int i = 0; i < parameterAnnotations.length; i++) {
      boolean key = has(parameterAnnotations[i], CacheKey.class);
      boolean value = has(parameterAnnotations[i], CacheValue.class);
      if (value) {
        if (kind != Kind.PUT) {
          problems.add("@CacheValue is only allowed on a @CachePut method (parameter " + i + ")");
        } else if (valuePosition >= 0) {
          problems.add("@CachePut allows one @CacheValue parameter, found one at " + valuePosition
              + " and one at " + i);
        } else if (key) {
          problems.add("parameter " + i + " cannot be both @CacheKey and @CacheValue");
        }
        valuePosition = valuePosition >= 0 ? valuePosition : i;
      } else if (key) {
        keyPositions.add(i);
      } else {
        plainPositions.add(i);
      }
    }
    if (kind == Kind.PUT && valuePosition < 0) {
      problems.add("@CachePut needs one parameter annotated @CacheValue");
    }
    failIfAny(method, problems);
    if (keyPositions.isEmpty()) {
      keyPositions = plainPositions;
    }
    if (name.isEmpty() && defaults != null) {
      name = defaults.cacheName();
    }
    if (name.isEmpty()) {
      name = signature(method);
    }
    if (factory == CacheResolverFactory.class && defaults != null) {
      factory = defaults.cacheResolverFactory();
    }
    if (kind != Kind.REMOVE_ALL && generator == CacheKeyGenerator.class && defaults != null) {
      generator = defaults.cacheKeyGenerator();
    }
    return new CacheMethodSpec(method, kind, annotation, name,
        factory == CacheResolverFactory.class ? null : factory,
        generator == CacheKeyGenerator.class ? null : generator,
        keyPositions.stream().mapToInt(Integer::intValue).toArray(), valuePosition);
  }

  /**
   * The {@code @CacheDefaults} that applies: the annotation is not inherited and the runtime
   * class may be a generated subclass, so the bean class and then the declaring class are
   * searched up their superclasses.
   */
  static CacheDefaults defaultsFor(Class<?> beanClass, Method method) {
    for (Class<?> start : List.of(beanClass, method.getDeclaringClass())) {
      for (Class<?> c = start; c != null && c != Object.class; c = c.getSuperclass()) {
        CacheDefaults defaults = c.getAnnotation(CacheDefaults.class);
        if (defaults != null) {
          return defaults;
        }
      }
    }
    return null;
  }

  /**
   * The method's fully qualified signature, the specification's default cache name:
   * {@code my.pkg.Clazz.method(java.lang.String,int)}.
   */
  public static String signature(Method method) {
    return method.getDeclaringClass().getName() + "." + method.getName() + "("
        + Arrays.stream(method.getParameterTypes()).map(Class::getName)
            .collect(Collectors.joining(",")) + ")";
  }

  private static boolean hasParameterAnnotation(Method method, Class<? extends Annotation> type) {
    for (Annotation[] annotations : method.getParameterAnnotations()) {
      if (has(annotations, type)) {
        return true;
      }
    }
    return false;
  }

  private static boolean has(Annotation[] annotations, Class<? extends Annotation> type) {
    for (Annotation a : annotations) {
      if (a.annotationType() == type) {
        return true;
      }
    }
    return false;
  }

  private static void failIfAny(Method method, List<String> problems) {
    if (!problems.isEmpty()) {
      throw new InvalidCacheMethodException("Invalid caching annotations on "
          + signature(method) + ": " + String.join("; ", problems));
    }
  }

  /** The annotated method. */
  public Method method() {
    return method;
  }

  /** The operation. */
  public Kind kind() {
    return kind;
  }

  /** The operation's annotation as written on the method. */
  public Annotation annotation() {
    return annotation;
  }

  /** The resolved cache name. */
  public String cacheName() {
    return cacheName;
  }

  /** The resolver factory class named by the annotation or the defaults, null for Strata's. */
  public Class<? extends CacheResolverFactory> resolverFactory() {
    return resolverFactory;
  }

  /** The key generator class named by the annotation or the defaults, null for Strata's. */
  public Class<? extends CacheKeyGenerator> keyGenerator() {
    return keyGenerator;
  }

  /** Positions of the parameters that form the key. */
  public int[] keyPositions() {
    return keyPositions.clone();
  }

  /** Position of the {@code @CacheValue} parameter, or -1. */
  public int valuePosition() {
    return valuePosition;
  }

  /** All annotations of the method, as {@code CacheMethodDetails} reports them. */
  public Set<Annotation> methodAnnotations() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(method.getAnnotations())));
  }
}
