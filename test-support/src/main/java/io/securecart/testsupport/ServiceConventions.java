package io.securecart.testsupport;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.properties.HasAnnotations;
import com.tngtech.archunit.core.importer.ClassFileImporter;

/**
 * Rules of docs/service-conventions.md that a class file shows, checked on a service's own classes (not its tests).
 * <ul>
 * <li>Names: a feature package never repeats the service's name; no class is a {@code *Service}, {@code *Manager}
 * or {@code *Impl}; a listener class holds one {@code @SqsListener}, named after its id ({@code order-events} →
 * {@code OrderEventsListener}), and its method is {@code on}.</li>
 * <li>Time: nothing reads the system clock ({@code Instant.now()}, {@code System.currentTimeMillis()}, ...); the
 * platform's {@code Clock} bean is the one clock.</li>
 * <li>Resilience: no resilience4j annotation ({@code @Retry}, {@code @CircuitBreaker}, ...). The decorators are
 * applied in code and no aspect would apply an annotation (ADR 24): it would silently do nothing.</li>
 * <li>Aggregates: nothing uses JPA or Hibernate ORM; an aggregate root (a Spring Data {@code @Table} with an
 * {@code @Id}) has a {@code @Version} of type {@code Long}, which tells Spring Data JDBC a new aggregate from a stored
 * one (ADR 28).</li>
 * </ul>
 * Each service's {@code ServiceConventionsTest} asserts that {@link #violations(Class)} is empty.
 */
public final class ServiceConventions {

	static final String SQS_LISTENER = "io.awspring.cloud.sqs.annotation.SqsListener";

	private static final String RESILIENCE4J = "io.github.resilience4j.";

	static final String TABLE = "org.springframework.data.relational.core.mapping.Table";

	private static final String ID = "org.springframework.data.annotation.Id";

	private static final String VERSION = "org.springframework.data.annotation.Version";

	/** JPA and Hibernate ORM; Hibernate Validator ({@code org.hibernate.validator}) is Bean Validation's, and allowed. */
	private static final Pattern ORM = Pattern.compile("(jakarta\\.persistence|org\\.hibernate(?!\\.validator))\\..+");

	private static final Pattern VAGUE_SUFFIX = Pattern.compile(".+(Service|Manager|Impl)");

	/** Owner and name of the no-argument calls that read the system clock. */
	private static final Set<String> SYSTEM_CLOCK = Set.of("java.time.Instant.now", "java.time.LocalDateTime.now",
			"java.time.LocalDate.now", "java.time.OffsetDateTime.now", "java.time.ZonedDateTime.now",
			"java.lang.System.currentTimeMillis", "java.time.Clock.systemUTC", "java.time.Clock.systemDefaultZone");

	private ServiceConventions() {
	}

	/**
	 * @param application the service's {@code @SpringBootApplication} class: its package is the service's
	 * ({@code io.securecart.payment}), and only its own class files are read (quick: no jar is scanned)
	 */
	public static List<String> violations(Class<?> application) {
		String service = application.getPackageName().substring(application.getPackageName().lastIndexOf('.') + 1);
		// Its own classes are all the rules look at: resolving what they refer to from the classpath reads many jars.
		ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
		JavaClasses classes;
		try {
			classes = new ClassFileImporter()
				.importPath(Path.of(application.getProtectionDomain().getCodeSource().getLocation().toURI()));
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
		JavaClasses own = classes.that(JavaClass.Predicates.resideInAPackage(application.getPackageName() + ".."));
		if (own.size() < 2) {
			throw new IllegalStateException("Found no classes beside " + application.getName() + " to check");
		}
		return violations(own, service);
	}

	static List<String> violations(Iterable<JavaClass> classes, String service) {
		String root = "io.securecart." + service;
		LinkedHashSet<String> violations = new LinkedHashSet<>();
		for (JavaClass type : classes) {
			String name = type.getName();
			if (type.getPackageName().startsWith(root + ".")) {
				String feature = type.getPackageName().substring(root.length() + 1).split("\\.")[0];
				if (feature.equals(service)) {
					violations.add(type.getPackageName() + ": the feature package repeats the service's name");
				}
			}
			if (type.isTopLevelClass() && VAGUE_SUFFIX.matcher(type.getSimpleName()).matches()) {
				violations.add(name + ": name it after what it manages (Payments, Reservations), not *Service/*Manager/*Impl");
			}
			for (JavaMethodCall call : type.getMethodCallsFromSelf()) {
				String target = call.getTargetOwner().getName() + "." + call.getName();
				if (SYSTEM_CLOCK.contains(target) && call.getTarget().getRawParameterTypes().isEmpty()) {
					violations.add(name + ": reads the system clock (" + target + "()); take the Clock bean's instant");
				}
			}
			refuseResilience4jAnnotations(name, type, violations);
			checkAggregate(name, type, violations);
			for (JavaMethod method : type.getMethods()) {
				refuseResilience4jAnnotations(name + "." + method.getName(), method, violations);
			}
			List<JavaMethod> listeners = type.getMethods()
				.stream()
				.filter(method -> method.isAnnotatedWith(SQS_LISTENER))
				.toList();
			if (listeners.size() > 1) {
				violations.add(name + ": one @SqsListener per class, it has " + listeners.size());
			}
			for (JavaMethod listener : listeners) {
				String id = listener.getAnnotationOfType(SQS_LISTENER).get("id").map(String.class::cast).orElse("");
				if (id.isBlank()) {
					violations.add(name + "." + listener.getName() + ": the @SqsListener has no id");
					continue;
				}
				String expected = classNameFor(id);
				if (!type.getSimpleName().equals(expected)) {
					violations.add(name + ": the listener '" + id + "' belongs in a class named " + expected);
				}
				if (!listener.getName().equals("on")) {
					violations.add(name + "." + listener.getName() + ": a listener method is named on");
				}
			}
		}
		return new ArrayList<>(violations);
	}

	private static void refuseResilience4jAnnotations(String where, HasAnnotations<?> element, Set<String> violations) {
		element.getAnnotations()
			.stream()
			.map(annotation -> annotation.getRawType())
			.filter(annotation -> annotation.getName().startsWith(RESILIENCE4J))
			.forEach(annotation -> violations.add(where + ": @" + annotation.getSimpleName()
					+ " does nothing without resilience4j's aspects; decorate the call with the registry's instance (ADR 24)"));
	}

	private static void checkAggregate(String name, JavaClass type, Set<String> violations) {
		type.getDirectDependenciesFromSelf()
			.stream()
			.map(dependency -> dependency.getTargetClass().getName())
			.filter(target -> ORM.matcher(target).matches())
			.findFirst()
			.ifPresent(target -> violations.add(name + ": uses " + target
					+ "; aggregates persist with Spring Data JDBC, not JPA (ADR 28)"));
		boolean root = type.isAnnotatedWith(TABLE)
				&& type.getAllFields().stream().anyMatch(field -> field.isAnnotatedWith(ID));
		if (!root) {
			return;
		}
		List<JavaField> versions = type.getAllFields().stream().filter(field -> field.isAnnotatedWith(VERSION)).toList();
		if (versions.isEmpty()) {
			violations.add(name + ": an aggregate root needs @Version Long version: it tells a new aggregate from a stored one, and guards concurrent changes (ADR 28)");
		}
		versions.stream()
			.filter(field -> !field.getRawType().getName().equals(Long.class.getName()))
			.forEach(field -> violations.add(name + "." + field.getName() + ": @Version is a Long, not "
					+ field.getRawType().getSimpleName() + ": a stored row at version 0 would be taken for new (ADR 28)"));
	}

	/** {@code fraud-review-timeouts} → {@code FraudReviewTimeoutsListener}. */
	static String classNameFor(String listenerId) {
		return Arrays.stream(listenerId.split("-"))
			.filter(word -> !word.isEmpty())
			.map(word -> word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1))
			.reduce("", String::concat) + "Listener";
	}

}
