package io.securecart.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Dockerfile builds FROM pinned images; what docker-compose.yml runs runs as an unprivileged user, has the
 * programs its healthchecks call, and is built from the modules it runs only.
 */
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

	/**
	 * A healthcheck runs inside the container, so its program must be in the image: installed by the Dockerfile,
	 * not assumed from the base image (Temurin's images dropped curl from 22 on).
	 */
	@Test
	void everyHealthcheckOfAnImageBuiltHereRunsAProgramTheDockerfileInstalls() {
		ComposeFile compose = ComposeFile.read(ROOT.resolve("docker-compose.yml"));
		Pattern installs = Pattern.compile("apt-get install\\b[^&;|]*");
		int checked = 0;
		for (String service : compose.services().keySet()) {
			Optional<String> target = compose.buildTarget(service);
			List<String> healthcheck = compose.healthcheck(service);
			if (target.isEmpty() || healthcheck.isEmpty()) {
				continue;
			}
			String program = healthcheck.getFirst().equals("CMD-SHELL") ? healthcheck.get(1).strip().split("\\s+")[0]
					: healthcheck.get(1);
			List<String> installed = runInstructions(target.get()).stream()
				.flatMap(run -> installs.matcher(run).results().map(MatchResult::group))
				.flatMap(install -> Arrays.stream(install.split("\\s+")))
				.toList();
			assertThat(installed).as("programs installed in stage %s, which runs %s's healthcheck", target.get(), service)
				.contains(program);
			checked++;
		}
		assertThat(checked).as("services built from the Dockerfile with a healthcheck").isGreaterThanOrEqualTo(5);
	}

	/** The images run five services and the provisioner: the build compiles those and what they need, not Gatling or e2e. */
	@Test
	void theImageBuildCompilesOnlyTheModulesTheImagesRun() throws IOException {
		ComposeFile compose = ComposeFile.read(ROOT.resolve("docker-compose.yml"));
		Set<String> run = new TreeSet<>(Set.of("infra/provisioner"));
		compose.services().keySet().forEach(service -> {
			String module = compose.buildArgs(service).get("MODULE");
			if (module != null) {
				run.add(module);
			}
		});
		String build = String.join("\n", dockerfile.stage("build").instructions("RUN"));
		Matcher modules = Pattern.compile("-pl\\s+(\\S+)\\s+-am\\b").matcher(build);

		assertThat(modules.find()).as("the build stage's mvnw names its modules with -pl ... -am: %s", build).isTrue();
		assertThat(new TreeSet<>(List.of(modules.group(1).split(",")))).isEqualTo(run);
		assertThat(Files.readAllLines(ROOT.resolve(".dockerignore"))).as("sources outside the build context")
			.contains("e2e-tests/*", "!e2e-tests/pom.xml", "benchmarks/*", "!benchmarks/pom.xml");
	}

	/** RUN instructions of a stage and of the stages it is built FROM. */
	private static List<String> runInstructions(String target) {
		List<String> runs = new ArrayList<>();
		DockerfileStages.Stage stage = dockerfile.stage(target);
		runs.addAll(stage.instructions("RUN"));
		while (stage.fromStage()) {
			stage = dockerfile.stage(stage.base().toLowerCase(Locale.ROOT));
			runs.addAll(stage.instructions("RUN"));
		}
		return runs;
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
