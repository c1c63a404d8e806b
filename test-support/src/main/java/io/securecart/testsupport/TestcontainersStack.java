package io.securecart.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * LocalStack and a PostgreSQL primary + streaming replica in containers: the same images and the same init scripts
 * ({@code infra/compose/postgres/}) as {@code docker-compose.yml}, on ports Docker picks. Stopped at JVM exit (and by
 * Testcontainers' reaper, should the JVM die).
 */
final class TestcontainersStack {

	/** A free community tag; must stay the one in docker-compose.yml (ComposeFileTest checks both). */
	static final String LOCALSTACK_IMAGE = "localstack/localstack:4.12.0";

	/** The AWS services LocalStack starts; the same list as docker-compose.yml's. */
	static final List<String> LOCALSTACK_SERVICES = List.of("sqs", "sns", "events", "s3", "stepfunctions");

	/** Primary and replica; the same image as docker-compose.yml's. */
	static final String POSTGRES_IMAGE = "postgres:15.19-bookworm";

	private static final String PRIMARY_ALIAS = "postgres-primary";

	private static final int POSTGRES_PORT = 5432;

	private static final String REPLICA_ENTRYPOINT = "/securecart/replica-entrypoint.sh";

	/** The replica is ready once it is a standby whose WAL receiver streams (docker-compose.yml's healthcheck). */
	static final String REPLICA_STREAMING = "[ \"$(psql -U postgres -XAtc "
			+ "'select status from pg_stat_wal_receiver')\" = streaming ]";

	private static final Logger log = LoggerFactory.getLogger(TestcontainersStack.class);

	private TestcontainersStack() {
	}

	static TestInfrastructure start(Map<String, String> env) {
		Path scripts = RepositoryRoot.find().resolve("infra/compose/postgres");
		Network network = Network.newNetwork();
		LocalStackContainer localstack = new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE))
			.withServices(LOCALSTACK_SERVICES.toArray(String[]::new))
			.withEnv("LOCALSTACK_AUTH_TOKEN", env.getOrDefault("LOCALSTACK_AUTH_TOKEN", ""))
			.withEnv("SQS_ENDPOINT_STRATEGY", "path");
		PostgreSQLContainer primary = new PostgreSQLContainer(DockerImageName.parse(POSTGRES_IMAGE))
			.withNetwork(network)
			.withNetworkAliases(PRIMARY_ALIAS)
			.withUsername("postgres")
			.withPassword("postgres")
			.withDatabaseName("postgres")
			.withCopyFileToContainer(MountableFile.forHostPath(scripts.resolve("primary-init.sh"), 0755),
					"/docker-entrypoint-initdb.d/10-securecart.sh");
		GenericContainer<?> replica = new GenericContainer<>(DockerImageName.parse(POSTGRES_IMAGE))
			.withNetwork(network)
			.withEnv("PRIMARY_HOST", PRIMARY_ALIAS)
			.withEnv("PRIMARY_PORT", String.valueOf(POSTGRES_PORT))
			.withCopyFileToContainer(MountableFile.forHostPath(scripts.resolve("replica-entrypoint.sh"), 0755),
					REPLICA_ENTRYPOINT)
			.withCreateContainerCmdModifier(command -> command.withEntrypoint("bash", REPLICA_ENTRYPOINT))
			.withCommand("postgres")
			.withExposedPorts(POSTGRES_PORT)
			.waitingFor(Wait.forSuccessfulCommand(REPLICA_STREAMING).withStartupTimeout(Duration.ofMinutes(2)));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			replica.stop();
			primary.stop();
			localstack.stop();
			network.close();
		}, "securecart-testcontainers-stop"));

		Startables.deepStart(localstack, primary).join();
		replica.start();
		log.info("Testcontainers stack up: {} on {}, PostgreSQL primary on {}:{}, replica on port {}", LOCALSTACK_IMAGE,
				localstack.getEndpoint(), primary.getHost(), primary.getMappedPort(POSTGRES_PORT),
				replica.getMappedPort(POSTGRES_PORT));
		return new TestInfrastructure("TESTCONTAINERS", localstack.getEndpoint(), localstack.getRegion(),
				localstack.getAccessKey(), localstack.getSecretKey(), primary.getHost(),
				primary.getMappedPort(POSTGRES_PORT), replica.getMappedPort(POSTGRES_PORT), "securecart", "securecart");
	}
}
