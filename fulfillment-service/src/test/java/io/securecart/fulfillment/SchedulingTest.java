package io.securecart.fulfillment;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.scheduling.annotation.Scheduled;

import static org.assertj.core.api.Assertions.assertThat;

/** Each scheduled job has a thread of its own, so a slow one (a reconcile round) does not hold back another. */
class SchedulingTest {

	@Test
	void theSchedulerHasAThreadForEveryScheduledJob() throws IOException {
		long jobs = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.securecart.fulfillment")
			.stream()
			.map(javaClass -> javaClass.reflect())
			.flatMap(type -> Arrays.stream(type.getDeclaredMethods()))
			.filter((Method method) -> method.isAnnotationPresent(Scheduled.class))
			.count();
		List<PropertySource<?>> configuration = new YamlPropertySourceLoader().load("application",
				new ClassPathResource("application.yml"));

		Object poolSize = configuration.getFirst().getProperty("spring.task.scheduling.pool.size");

		assertThat(jobs).as("scheduled jobs").isGreaterThan(1);
		assertThat(poolSize).as("spring.task.scheduling.pool.size").isNotNull();
		assertThat(Integer.parseInt(poolSize.toString())).isGreaterThanOrEqualTo((int) jobs);
	}
}
