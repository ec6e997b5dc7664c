package dev.strata.cdi.interceptor;

import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Creates the resolver factories and key generators that annotations name. A class that is
 * a bean is obtained from the container, so it can be scoped and have injection points;
 * any other class is created with its no-argument constructor.
 */
final class ComponentFactory {
  private final BeanManager beanManager;
  private final List<CreationalContext<?>> created = new ArrayList<>();

  ComponentFactory(BeanManager beanManager) {
    this.beanManager = beanManager;
  }

  synchronized <T> T create(Class<T> type) {
    Set<Bean<?>> beans = beanManager.getBeans(type);
    if (beans.size() > 1) {
      // A class also matches beans of its subclasses; the class itself is the one meant.
      Set<Bean<?>> exact = beans.stream().filter(b -> b.getBeanClass() == type)
          .collect(Collectors.toSet());
      beans = exact.isEmpty() ? beans : exact;
    }
    Bean<?> bean = beans.isEmpty() ? null : beanManager.resolve(beans);
    if (bean != null) {
      CreationalContext<?> context = beanManager.createCreationalContext(bean);
      created.add(context);
      return type.cast(beanManager.getReference(bean, type, context));
    }
    try {
      Constructor<T> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("Cannot create " + type.getName()
          + ": it is not a bean and has no usable no-argument constructor", e);
    }
  }

  synchronized void releaseAll() {
    created.forEach(CreationalContext::release);
    created.clear();
  }
}
