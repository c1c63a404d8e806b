package io.securecart.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every backend can do everything the integration tests ask of {@link TestInfrastructure}: a test that works on the
 * host stack must not error where Docker runs (where the harness picks Testcontainers), nor against external
 * endpoints. Nothing here starts a backend.
 */
class TestBackendOperationsTest {

	private static final Path ROOT = RepositoryRoot.find();

	private static final Map<String, String> EXTERNAL_ENDPOINTS = Map.of(TestBackend.AWS_ENDPOINT,
			"http://localhost:4566", TestBackend.PG_HOST, "localhost", TestBackend.PG_PORT, "15432",
			TestBackend.PG_REPLICA_PORT, "15433");

	@Test
	void whatTheIntegrationTestsDoThatDependsOnTheBackendGoesThroughItsDatabaseServers() throws IOException {
		Set<String> used = operationsUsedByIntegrationTests();
		String infrastructure = Files
			.readString(ROOT.resolve("test-support/src/main/java/io/securecart/testsupport/TestInfrastructure.java"));

		assertThat(used).as("TestInfrastructure methods called from *IT.java")
			.contains("stopReplica", "crashAndRestartPrimary", "stopRedis");
		// Everything else TestInfrastructure offers works over its endpoints (JDBC, the AWS SDK), the same everywhere;
		// the one place it asks its backend for something is its database servers, which every backend provides.
		assertThat(Pattern.compile("TestBackend\\.|HostStack\\.|TestcontainersStack\\.|ExternalDatabaseCommands")
			.matcher(infrastructure)
			.results()
			.map(MatchResult::group)).containsExactly("TestBackend.");
		assertThat(infrastructure).contains("TestBackend.valueOf(backend).databaseServers(");
	}

	@ParameterizedTest
	@EnumSource(TestBackend.class)
	void everyBackendCanTakeItsDatabaseServersDownAndUp(TestBackend backend) throws NoSuchMethodException {
		DatabaseServers servers = backend.databaseServers(EXTERNAL_ENDPOINTS);

		assertThat(servers).as("%s's database servers", backend).isNotNull();
		for (Method operation : DatabaseServers.class.getDeclaredMethods()) {
			Method implementation = servers.getClass().getMethod(operation.getName());
			assertThat(implementation.isDefault() || Modifier.isAbstract(implementation.getModifiers()))
				.as("%s implements %s", backend, operation.getName())
				.isFalse();
		}
	}

	@Test
	void noBackendDeclinesAnOperation() throws IOException {
		try (Stream<Path> sources = Files.walk(ROOT.resolve("test-support/src/main/java"))) {
			for (Path source : sources.filter(Files::isRegularFile).toList()) {
				assertThat(Files.readString(source)).as("%s", ROOT.relativize(source))
					.doesNotContain("UnsupportedOperationException");
			}
		}
	}

	@Test
	void theExternalBackendTakesItsServersDownAndUpWithTheConfiguredCommands(@TempDir Path directory)
			throws IOException {
		DatabaseServers servers = ExternalDatabaseCommands.from(Map.of(ExternalDatabaseCommands.STOP,
				"echo stopped >> servers.log", ExternalDatabaseCommands.START, "echo started >> servers.log",
				ExternalDatabaseCommands.PRIMARY_RESTART, "echo primary restarted >> servers.log"), directory);

		servers.stopReplica();
		servers.startReplica();
		servers.crashAndRestartPrimary();

		assertThat(Files.readAllLines(directory.resolve("servers.log"))).containsExactly("stopped", "started",
				"primary restarted");
	}

	@Test
	void theExternalBackendUsesComposesServersByDefault() {
		ExternalDatabaseCommands servers = (ExternalDatabaseCommands) TestBackend.EXTERNAL
			.databaseServers(EXTERNAL_ENDPOINTS);

		assertThat(servers.stopCommand()).isEqualTo("docker compose stop postgres-replica");
		assertThat(servers.startCommand()).isEqualTo("docker compose up --detach --wait postgres-replica");
		assertThat(servers.primaryRestartCommand()).startsWith("docker compose kill -s SIGKILL postgres-primary");
		assertThat(servers.redisStopCommand()).isEqualTo("docker compose stop redis");
		assertThat(servers.redisStartCommand()).isEqualTo("docker compose up --detach --wait redis");
		assertThat(ComposeFile.read(ROOT.resolve("docker-compose.yml")).ports("postgres-replica"))
			.contains("127.0.0.1:15433:5432");
	}

	/** The names of TestInfrastructure's public methods that some {@code *IT.java} in the repository calls. */
	private static Set<String> operationsUsedByIntegrationTests() {
		Set<String> methods = Arrays.stream(TestInfrastructure.class.getMethods())
			.filter(method -> method.getDeclaringClass() == TestInfrastructure.class)
			.map(Method::getName)
			.collect(Collectors.toSet());
		Pattern call = Pattern.compile("\\.(\\w+)\\(");
		Set<String> used = new TreeSet<>();
		try (Stream<Path> files = Files.walk(ROOT)) {
			for (Path source : files.filter(path -> path.toString().endsWith("IT.java"))
				.filter(path -> !path.toString().contains("/target/"))
				.toList()) {
				String text = Files.readString(source);
				// Directly, or through the e2e tests' RunningSystem#infrastructure().
				if (!text.contains("TestInfrastructure") && !text.contains("infrastructure()")) {
					continue;
				}
				Matcher matcher = call.matcher(text);
				while (matcher.find()) {
					if (methods.contains(matcher.group(1))) {
						used.add(matcher.group(1));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return used;
	}
}
