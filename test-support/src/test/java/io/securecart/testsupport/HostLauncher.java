package io.securecart.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the host launcher ({@code ./securecart}) gives the services: the names of the environment variables every
 * JVM gets ({@code java_env}, plus the per-service {@code SERVER_PORT}), the default ports and the service names.
 * Read from the script itself, so that docker-compose.yml is compared with what {@code ./securecart up} really does.
 */
record HostLauncher(Set<String> environmentNames, Map<String, Integer> defaultPorts, List<String> services) {

	private static final Pattern JAVA_ENV = Pattern.compile("(?ms)^java_env\\(\\) \\{\\n(.*?)^\\}");

	private static final Pattern ASSIGNED_NAME = Pattern.compile("\"([A-Z][A-Z0-9_]*)=");

	private static final Pattern SERVICE_START = Pattern.compile("(?m)^.*nohup env .*$");

	private static final Pattern INLINE_NAME = Pattern.compile("\\b([A-Z][A-Z0-9_]*)=");

	private static final Pattern DEFAULT_PORT = Pattern.compile("\\$\\{([A-Z_]+_PORT):=(\\d+)\\}");

	private static final Pattern SERVICES = Pattern.compile("(?m)^SERVICES=\"([a-z ]+)\"$");

	static HostLauncher read(Path script) {
		String text;
		try {
			text = Files.readString(script);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Set<String> names = new TreeSet<>(all(ASSIGNED_NAME, single(JAVA_ENV, text, script)));
		names.addAll(all(INLINE_NAME, single(SERVICE_START, text, script)));
		// Which JVM infra/local/run-jar.sh starts the jar with: the wrapper's setting, not the service's (an image has one).
		names.remove("JAVA");
		Map<String, Integer> ports = DEFAULT_PORT.matcher(text)
			.results()
			.collect(Collectors.toMap(result -> result.group(1), result -> Integer.parseInt(result.group(2))));
		List<String> services = Arrays.asList(single(SERVICES, text, script).trim().split(" +"));
		return new HostLauncher(names, ports, services);
	}

	/** The port the launcher gives a service, e.g. 8080 for checkout ({@code CHECKOUT_PORT}). */
	int port(String service) {
		return defaultPorts.get(service.toUpperCase() + "_PORT");
	}

	private static String single(Pattern pattern, String text, Path script) {
		Matcher matcher = pattern.matcher(text);
		if (!matcher.find()) {
			throw new AssertionError(script + " no longer has " + pattern + "; update HostLauncher");
		}
		return matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
	}

	private static List<String> all(Pattern pattern, String text) {
		return pattern.matcher(text).results().map(result -> result.group(1)).toList();
	}
}
