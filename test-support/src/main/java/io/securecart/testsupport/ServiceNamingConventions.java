package io.securecart.testsupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The names of docs/service-conventions.md ("Names"), checked on a service's own classes (not its tests): a feature
 * package never repeats the service's name; no class is a {@code *Service}, {@code *Manager} or {@code *Impl}; a
 * listener class holds one {@code @SqsListener}, named after its id ({@code order-events} →
 * {@code OrderEventsListener}), and its method is {@code on}. Each service's {@code NamingConventionsTest} asserts
 * that {@link #violations(String)} is empty.
 */
public final class ServiceNamingConventions {

	static final String SQS_LISTENER = "io.awspring.cloud.sqs.annotation.SqsListener";

	private static final Pattern VAGUE_SUFFIX = Pattern.compile(".+(Service|Manager|Impl)");

	private ServiceNamingConventions() {
	}

	/** @param service the service's package under {@code io.securecart}: {@code payment}, {@code checkout}, ... */
	public static List<String> violations(String service) {
		JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.securecart." + service);
		if (classes.isEmpty()) {
			throw new IllegalStateException("No class of io.securecart." + service + " on the classpath");
		}
		return violations(classes, service);
	}

	static List<String> violations(JavaClasses classes, String service) {
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

	/** {@code fraud-review-timeouts} → {@code FraudReviewTimeoutsListener}. */
	static String classNameFor(String listenerId) {
		return Arrays.stream(listenerId.split("-"))
			.filter(word -> !word.isEmpty())
			.map(word -> word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1))
			.reduce("", String::concat) + "Listener";
	}

}
