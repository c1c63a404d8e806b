package io.securecart.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in: the nearest directory above the working directory that holds {@code mvnw}. */
public final class RepositoryRoot {

	private RepositoryRoot() {
	}

	public static Path find() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null) {
			if (Files.isRegularFile(directory.resolve("mvnw")) && Files.isDirectory(directory.resolve("infra"))) {
				return directory;
			}
			directory = directory.getParent();
		}
		throw new IllegalStateException("Cannot find the SecureCart checkout above " + Path.of("").toAbsolutePath());
	}
}
