package dev.strata.tck;

import dev.strata.cdi.StrataCacheExtension;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.util.Set;
import javax.cache.annotation.BeanProvider;
import manager.CacheNameOnEachMethodBlogManagerImpl;
import manager.ClassLevelCacheConfigBlogManagerImpl;
import manager.UsingDefaultCacheNameBlogManagerImpl;
import org.jboss.weld.bootstrap.spi.BeanDiscoveryMode;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * Serves the TCK's annotation test beans from a Weld SE container running Strata's CDI
 * integration. The test beans carry no bean-defining annotation and their jar's beans.xml
 * predates Jakarta CDI, so discovery is off and the classes are added with discovery mode
 * "all". One container serves the whole test run (every provider instance the TCK loads);
 * Weld's shutdown hook stops it.
 */
public class WeldBeanProvider implements BeanProvider {
  private static final class Holder {
    static final WeldContainer CONTAINER = new Weld(WeldBeanProvider.class.getName())
        .disableDiscovery()
        .setBeanDiscoveryMode(BeanDiscoveryMode.ALL)
        .addExtension(new StrataCacheExtension())
        .addBeanClasses(ClassLevelCacheConfigBlogManagerImpl.class,
            CacheNameOnEachMethodBlogManagerImpl.class,
            UsingDefaultCacheNameBlogManagerImpl.class)
        .initialize();
  }

  @Override
  public <T> T getBeanByType(Class<T> beanClass) {
    if (beanClass == null) {
      throw new IllegalArgumentException("The bean type must not be null");
    }
    BeanManager beanManager = Holder.CONTAINER.getBeanManager();
    Set<Bean<?>> beans = beanManager.getBeans(beanClass);
    if (beans.isEmpty()) {
      throw new IllegalStateException("No bean of type " + beanClass.getName());
    }
    Bean<?> bean = beanManager.resolve(beans);
    CreationalContext<?> context = beanManager.createCreationalContext(bean);
    return beanClass.cast(beanManager.getReference(bean, beanClass, context));
  }
}
