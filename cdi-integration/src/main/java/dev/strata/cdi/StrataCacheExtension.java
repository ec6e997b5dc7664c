package dev.strata.cdi;

import dev.strata.cdi.inject.CacheProducers;
import dev.strata.cdi.inject.NamedCache;
import dev.strata.cdi.interceptor.CacheInterceptors;
import dev.strata.cdi.interceptor.CacheMethodRegistry;
import dev.strata.cdi.method.CacheMethodSpec;
import dev.strata.cdi.method.InvalidCacheMethodException;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.Interceptor;
import java.lang.annotation.Annotation;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;

/**
 * The portable extension that brings the JSR-107 caching annotations to a CDI container.
 *
 * <p>It makes {@code @CacheResult}, {@code @CachePut}, {@code @CacheRemove} and
 * {@code @CacheRemoveAll} interceptor bindings with nonbinding members, adds the interceptors
 * (enabled by {@code @Priority}) and the cache manager and named-cache producers, and checks
 * every annotated bean method at deployment: a misuse fails the deployment with a definition
 * error naming the class and method instead of surfacing on the first call.
 */
public class StrataCacheExtension implements Extension {
  private final List<String> problems = new ArrayList<>();
  // Resolver factories and key generators the annotations name, with a method that names each.
  private final Map<Class<?>, String> components = new LinkedHashMap<>();
  private final Set<Type> beanTypes = new HashSet<>();

  void registerBindingsAndBeans(@Observes BeforeBeanDiscovery discovery, BeanManager manager) {
    // cache-api marks the members with javax.enterprise.util.Nonbinding, which a Jakarta
    // container does not know; without the Jakarta marker every member would be binding.
    for (Class<? extends Annotation> binding : CacheMethodSpec.OPERATIONS) {
      discovery.configureInterceptorBinding(binding).methods()
          .forEach(member -> member.add(Nonbinding.Literal.INSTANCE));
    }
    Stream.concat(CacheInterceptors.CLASSES.stream(),
            Stream.of(CacheMethodRegistry.class, CacheProducers.class))
        .forEach(type -> discovery.addAnnotatedType(manager.createAnnotatedType(type),
            StrataCacheExtension.class.getName() + "." + type.getSimpleName()));
  }

  <T> void checkAnnotatedMethods(@Observes @WithAnnotations({CacheResult.class, CachePut.class,
      CacheRemove.class, CacheRemoveAll.class}) ProcessAnnotatedType<T> event) {
    AnnotatedType<T> type = event.getAnnotatedType();
    Class<T> beanClass = type.getJavaClass();
    if (type.isAnnotationPresent(Interceptor.class)) {
      return;
    }
    for (Class<? extends Annotation> operation : CacheMethodSpec.OPERATIONS) {
      if (beanClass.isAnnotationPresent(operation)) {
        problems.add("@" + operation.getSimpleName() + " on class " + beanClass.getName()
            + " is not supported: annotate the methods, and use @CacheDefaults for "
            + "class-wide settings");
      }
    }
    for (AnnotatedMethod<? super T> method : type.getMethods()) {
      try {
        CacheMethodSpec spec = CacheMethodSpec.of(beanClass, method.getJavaMember());
        if (spec == null) {
          continue;
        }
        String user = beanClass.getName() + "." + method.getJavaMember().getName();
        if (Modifier.isPrivate(method.getJavaMember().getModifiers())
            || Modifier.isStatic(method.getJavaMember().getModifiers())) {
          problems.add("Caching annotations on " + CacheMethodSpec.signature(
              method.getJavaMember()) + " have no effect: the method is private or static");
        }
        if (spec.resolverFactory() != null) {
          components.putIfAbsent(spec.resolverFactory(), user);
        }
        if (spec.keyGenerator() != null) {
          components.putIfAbsent(spec.keyGenerator(), user);
        }
      } catch (InvalidCacheMethodException e) {
        problems.add(e.getMessage());
      }
    }
  }

  void recordBean(@Observes ProcessBean<?> event) {
    beanTypes.addAll(event.getBean().getTypes());
  }

  void checkNamedCacheInjection(@Observes ProcessInjectionPoint<?, ?> event) {
    for (Annotation qualifier : event.getInjectionPoint().getQualifiers()) {
      if (qualifier instanceof NamedCache named && named.value().isBlank()) {
        problems.add("@NamedCache needs a cache name at " + event.getInjectionPoint());
      }
    }
  }

  void reportProblems(@Observes AfterBeanDiscovery event) {
    components.forEach((type, user) -> {
      if (!beanTypes.contains(type) && !constructible(type)) {
        problems.add(type.getName() + " named by the caching annotations of " + user
            + " cannot be created: it is not a bean and has no no-argument constructor");
      }
    });
    problems.forEach(problem -> event.addDefinitionError(new DefinitionException(problem)));
    problems.clear();
    components.clear();
    beanTypes.clear();
  }

  private static boolean constructible(Class<?> type) {
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      return false;
    }
    try {
      type.getDeclaredConstructor();
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
