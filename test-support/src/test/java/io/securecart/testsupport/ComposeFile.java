package io.securecart.testsupport;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml as data, with YAML anchors and merge keys resolved. It reads only what the checks need; whether
 * the file is valid Compose at all is the schema validators' job ({@code .ci/run}).
 */
record ComposeFile(Map<String, Map<String, Object>> services) {

	@SuppressWarnings("unchecked")
	static ComposeFile read(Path file) {
		try (Reader reader = Files.newBufferedReader(file)) {
			Map<String, Object> document = new Yaml().load(reader);
			return new ComposeFile((Map<String, Map<String, Object>>) document.get("services"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Map<String, Object> service(String name) {
		return Optional.ofNullable(services.get(name))
			.orElseThrow(() -> new AssertionError("docker-compose.yml has no service '" + name + "'"));
	}

	Optional<String> image(String service) {
		return Optional.ofNullable(service(service).get("image")).map(String::valueOf);
	}

	/** A service's environment, the values as the container sees them. */
	Map<String, String> environment(String service) {
		return strings(map(service(service).get("environment")));
	}

	Map<String, String> buildArgs(String service) {
		return strings(map(map(service(service).get("build")).get("args")));
	}

	Optional<String> buildTarget(String service) {
		return Optional.ofNullable(map(service(service).get("build")).get("target")).map(String::valueOf);
	}

	/** depends_on: each dependency with its condition. */
	Map<String, String> dependsOn(String service) {
		return map(service(service).get("depends_on")).entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, entry -> String.valueOf(map(entry.getValue()).get("condition"))));
	}

	List<String> ports(String service) {
		return list(service(service).get("ports"));
	}

	List<String> command(String service) {
		return list(service(service).get("command"));
	}

	List<String> healthcheck(String service) {
		return list(map(service(service).get("healthcheck")).get("test"));
	}

	/** mem_limit in MiB. */
	long memoryLimitMiB(String service) {
		String limit = String.valueOf(service(service).get("mem_limit")).toLowerCase();
		if (limit.endsWith("g")) {
			return Long.parseLong(limit.substring(0, limit.length() - 1)) * 1024;
		}
		if (limit.endsWith("m")) {
			return Long.parseLong(limit.substring(0, limit.length() - 1));
		}
		throw new AssertionError("service '" + service + "' has no mem_limit in m or g: " + limit);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return value == null ? Map.of() : (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<String> list(Object value) {
		return value == null ? List.of() : ((List<Object>) value).stream().map(String::valueOf).toList();
	}

	private static Map<String, String> strings(Map<String, Object> map) {
		return map.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, entry -> String.valueOf(entry.getValue())));
	}
}
