package io.securecart.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flyway refuses to start a service whose migrations share a version: two features that each add a V2 break the
 * service at startup, long after both compiled. This fails the build instead, for every module's migrations.
 */
class MigrationVersionsTest {

	private static final Pattern VERSIONED = Pattern.compile("V([0-9_.]+)__.+\\.sql");

	@Test
	void noTwoMigrationsOfAModuleShareAVersion() throws IOException {
		List<Path> directories;
		try (Stream<Path> paths = Files.walk(RepositoryRoot.find(), 8)) {
			directories = paths.filter(Files::isDirectory)
				.filter(path -> !path.toString().contains("/target/") && !path.toString().contains("/.git/"))
				.filter(path -> path.endsWith("db/migration") || path.endsWith("db/platform"))
				.filter(path -> path.toString().contains("/src/main/"))
				.toList();
		}
		assertThat(directories).as("migration directories").hasSizeGreaterThanOrEqualTo(6);
		for (Path directory : directories) {
			Map<String, List<String>> byVersion;
			try (Stream<Path> files = Files.list(directory)) {
				byVersion = files.map(file -> file.getFileName().toString())
					.map(VERSIONED::matcher)
					.filter(Matcher::matches)
					.collect(Collectors.groupingBy(match -> match.group(1).replace('_', '.'),
							Collectors.mapping(match -> match.group(0), Collectors.toList())));
			}
			assertThat(byVersion.values()).as("migrations sharing a version in %s", directory)
				.allSatisfy(names -> assertThat(names).hasSize(1));
		}
	}
}
