package dev.strata.tck;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import domain.Blog;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import javax.cache.annotation.BeanProvider;
import manager.BlogManager;
import manager.ClassLevelCacheConfigBlogManagerImpl;
import org.junit.Test;

/**
 * Fails the build when the TCK's annotation tests would pass without testing anything: they
 * skip their bodies when no {@link BeanProvider} is found, so this checks that the Weld
 * provider is the one found and that the beans it hands out are really intercepted.
 */
public class AnnotationHarnessTest {
  @Test
  public void theWeldBeanProviderIsTheOneTheTckLoads() {
    List<BeanProvider> providers = new ArrayList<>();
    ServiceLoader.load(BeanProvider.class).forEach(providers::add);
    assertEquals(1, providers.size());
    assertTrue(providers.get(0) instanceof WeldBeanProvider);
  }

  @Test
  public void beansFromTheProviderAreIntercepted() {
    BeanProvider provider = ServiceLoader.load(BeanProvider.class).iterator().next();
    BlogManager blogs = provider.getBeanByType(ClassLevelCacheConfigBlogManagerImpl.class);
    assertNotEquals(ClassLevelCacheConfigBlogManagerImpl.class, blogs.getClass());

    String title = "harness " + System.nanoTime();
    blogs.createEntry(new Blog(title, "body"));
    assertEquals("body", blogs.getEntryCached(title).getBody());
    blogs.clearEntry(title);
    Blog cached = blogs.getEntryCached(title);
    assertNotNull("the second call must be answered by the cache", cached);
    assertEquals("body", cached.getBody());
    blogs.clearEntryFromCache(title);
  }
}
