package io.securecart.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every Dockerfile builds FROM pinned images, and what docker-compose.yml runs runs as an unprivileged user. */
class DockerfileTest {

	private static final Path ROOT = RepositoryRoot.find();

	private static final Set<String> NOT_SOURCES = Set.of("target", ".git", "node_modules", ".securecart");

	private static final DockerfileStages dockerfile = DockerfileStages.read(ROOT.resolve("Dockerfile"));

	@Test
	void everyBaseImageIsPinned() {
		assertThat(dockerfiles()).contains(ROOT.resolve("Dockerfile"));
		for (Path file : dockerfiles()) {
			DockerfileStages stages = DockerfileStages.read(file);
			stages.syntax().ifPresent(frontend -> assertPinned(file, frontend));
			stages.stages().stream().filter(stage -> !stage.fromStage()).forEach(stage -> assertPinned(file, stage.base()));
		}
	}

	@Test
	void theImagesThatRunAreUnprivilegedAndStartWithoutAShell() {
		for (String target : List.of("service", "provisioner", dockerfile.last().name())) {
			DockerfileStages.Stage stage = dockerfile.stage(target);

			assertThat(stage.user()).as("USER of stage %s", target)
				.hasValueSatisfying(user -> assertThat(user).isNotIn("root", "0", "0:0").doesNotStartWith("root:"));
			assertThat(stage.instructions("ENTRYPOINT")).as("ENTRYPOINT of stage %s, exec form", target)
				.singleElement()
				.satisfies(entrypoint -> assertThat(entrypoint).startsWith("ENTRYPOINT [\"java\""));
		}
	}

	@Test
	void servicesRunFromSpringBootLayersAndTheBuildIsTheSameForAllOfThem() {
		assertThat(dockerfile.last().name()).as("the default target").isEqualTo("service");
		assertThat(String.join("\n", dockerfile.stage("extract").instructions("RUN")))
			.contains("-Djarmode=tools", "extract --layers --launcher");
		assertThat(dockerfile.stage("service").instructions("ENTRYPOINT"))
			.containsExactly("ENTRYPOINT [\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
		// MODULE is declared after the build stage, so its layer (the Maven build) is shared by all six images.
		assertThat(dockerfile.stage("build").instructions("ARG")).isEmpty();
	}

	private static void assertPinned(Path file, String image) {
		assertThat(ImageReference.parse(image).pinned()).as("%s: %s is not pinned", ROOT.relativize(file), image)
			.isTrue();
	}

	/** Dockerfile, Dockerfile.* and *.Dockerfile anywhere in the repository, build output and .git aside. */
	static List<Path> dockerfiles() {
		try (Stream<Path> files = Files.walk(ROOT)) {
			return files.filter(DockerfileTest::isSource).filter(Files::isRegularFile).filter(path -> {
				String name = path.getFileName().toString();
				return name.equals("Dockerfile") || name.startsWith("Dockerfile.") || name.endsWith(".Dockerfile");
			}).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean isSource(Path path) {
		for (Path part : ROOT.relativize(path)) {
			if (NOT_SOURCES.contains(part.toString())) {
				return false;
			}
		}
		return true;
	}
}
