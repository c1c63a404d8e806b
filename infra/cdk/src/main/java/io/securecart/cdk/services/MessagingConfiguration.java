package io.securecart.cdk.services;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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

	/** The checkout, relative to infra/cdk, where the CLI and tests run (as {@code StockAlertsFunction.PACKAGE}). */
	static final Path REPOSITORY = Path.of("..", "..");

	static final String EVENT_BUSES = "securecart.messaging.event-buses";

	static final String EVENT_RULES = "securecart.messaging.event-rules";

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
			return new MessagingConfiguration(list(applicationYml, properties, EVENT_BUSES),
					list(applicationYml, properties, EVENT_RULES));
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

	/**
	 * The setting's list, refused unless this reader sees what Spring binds: a YAML list of literal strings under the
	 * key as written here. Spring also binds a comma-separated string, relaxed-binding variants ({@code eventRules},
	 * {@code event_rules}), indexed keys ({@code event-rules[0]}) and {@code ${...}} placeholders, which this reader
	 * would take for no entry or a literal: the service would describe a rule its task role may not, and not start.
	 */
	private static List<String> list(Path applicationYml, Map<String, Object> properties, String key) {
		String canonical = canonical(key);
		for (String written : properties.keySet()) {
			String form = canonical(written);
			boolean sameSetting = form.equals(canonical) || form.startsWith(canonical + ".")
					|| form.startsWith(canonical + "[");
			if (sameSetting && !written.equals(key)) {
				throw unsupported(applicationYml, key, "it is written as '" + written + "'");
			}
		}
		Object value = properties.get(key);
		if (value == null) {
			if (properties.containsKey(key)) {
				throw unsupported(applicationYml, key, "it has no value");
			}
			return List.of();
		}
		if (!(value instanceof List<?> items)) {
			throw unsupported(applicationYml, key, "its value is " + value.getClass().getSimpleName() + " '" + value
					+ "'");
		}
		for (Object item : items) {
			if (!(item instanceof String entry) || entry.contains("${")) {
				throw unsupported(applicationYml, key, "its entry '" + item + "' is not a literal string");
			}
		}
		return items.stream().map(String.class::cast).toList();
	}

	/** A key as Spring's relaxed binding compares it: lower case, without dashes and underscores. */
	private static String canonical(String key) {
		return key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
	}

	private static IllegalStateException unsupported(Path applicationYml, String key, String why) {
		return new IllegalStateException(applicationYml.normalize() + ": " + key + " must be a YAML list of literal "
				+ "strings under that exact key, e.g. '" + key + ": [securecart]', for the CDK app to grant what the "
				+ "service's startup check describes, but " + why);
	}
}
