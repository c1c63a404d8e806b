package io.securecart.cdk.services;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/**
 * What a service's own {@code application.yml} says it checks at startup: the EventBridge buses
 * ({@code securecart.messaging.event-buses}) and rules ({@code securecart.messaging.event-rules}, as {@code bus/rule})
 * the platform's {@code EventBuses} describes before the service starts. Read from the service's source, so a rule a
 * service comes to rely on is granted without a second list to keep in step.
 *
 * @param eventBuses the buses it describes
 * @param eventRules the rules it describes, as {@code bus/rule}
 */
public record MessagingConfiguration(List<String> eventBuses, List<String> eventRules) {

	/** The checkout; relative to infra/cdk, where the CLI and the tests run (as {@code StockAlertsFunction.PACKAGE}). */
	static final Path REPOSITORY = Path.of("..", "..");

	public MessagingConfiguration {
		eventBuses = List.copyOf(eventBuses);
		eventRules = List.copyOf(eventRules);
	}

	/** The configuration of a deployable, whose module directory is its name. */
	public static MessagingConfiguration of(String service) {
		return read(REPOSITORY.resolve(service).resolve("src/main/resources/application.yml"));
	}

	/**
	 * The bus of a {@code bus/rule} entry and the rule's name.
	 * @throws IllegalArgumentException for an entry that is not {@code bus/rule}, as the platform refuses it
	 */
	public static String[] busAndRule(String entry) {
		int slash = entry.indexOf('/');
		if (slash < 1 || slash == entry.length() - 1) {
			throw new IllegalArgumentException("securecart.messaging.event-rules entries are 'bus/rule', was '" + entry
					+ "'");
		}
		return new String[] { entry.substring(0, slash), entry.substring(slash + 1) };
	}

	/** The service's messaging settings, however its application.yml nests the keys (Spring reads them all alike). */
	static MessagingConfiguration read(Path applicationYml) {
		if (!Files.isRegularFile(applicationYml)) {
			throw new IllegalStateException("Cannot read " + applicationYml.toAbsolutePath().normalize()
					+ ": the app reads each service's configuration from the checkout, run it from infra/cdk");
		}
		try (InputStream in = Files.newInputStream(applicationYml)) {
			Map<String, Object> properties = new HashMap<>();
			flatten("", new Yaml().load(in), properties);
			return new MessagingConfiguration(list(properties.get("securecart.messaging.event-buses")),
					list(properties.get("securecart.messaging.event-rules")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Dotted keys to their values, lists kept whole: {@code securecart: {messaging: ...}} is securecart.messaging. */
	private static void flatten(String prefix, Object value, Map<String, Object> properties) {
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, nested) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, nested,
					properties));
		}
		else {
			properties.put(prefix, value);
		}
	}

	private static List<String> list(Object value) {
		return value instanceof List<?> items ? items.stream().map(String::valueOf).toList() : List.of();
	}
}
