package io.securecart.platform;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service can replace anything the platform gives it by declaring its own bean: every {@code @Bean} of every
 * auto-configuration the platform registers backs off when the service has one (of its type; of its name for the
 * kinds a context holds many of, such as customizers).
 */
class PlatformBeansAreReplaceableTest {

	@Test
	void everyBeanOfEveryAutoConfigurationIsConditionalOnMissingBean() throws Exception {
		List<Class<?>> autoConfigurations = registered(
				"META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");

		assertThat(autoConfigurations).hasSizeGreaterThan(5);
		List<Method> beans = autoConfigurations.stream()
			.flatMap(type -> Arrays.stream(type.getDeclaredMethods()))
			.filter(method -> method.isAnnotationPresent(Bean.class))
			.toList();
		assertThat(beans).hasSizeGreaterThan(20);
		assertThat(beans.stream()
			.filter(method -> !method.isAnnotationPresent(ConditionalOnMissingBean.class))
			.map(PlatformBeansAreReplaceableTest::describe)).as("@Bean methods a service could not replace").isEmpty();
	}

	private static List<Class<?>> registered(String resource) throws IOException {
		try (InputStream in = PlatformBeansAreReplaceableTest.class.getClassLoader().getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::strip)
				.filter(line -> !line.isEmpty() && !line.startsWith("#"))
				.<Class<?>>map(PlatformBeansAreReplaceableTest::load)
				.toList();
		}
	}

	private static Class<?> load(String name) {
		try {
			return Class.forName(name);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException("Registered but missing: " + name, ex);
		}
	}

	private static String describe(Method method) {
		return method.getDeclaringClass().getSimpleName() + "." + method.getName();
	}
}
