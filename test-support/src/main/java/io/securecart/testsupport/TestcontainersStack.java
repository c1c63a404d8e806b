package io.securecart.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import static org.awaitility.Awaitility.await;

/**
 * LocalStack, a PostgreSQL primary + streaming replica and Redis in containers: the same images and the same init
 * scripts ({@code infra/compose/postgres/}) as {@code docker-compose.yml}. Stopped at JVM exit (and by Testcontainers' reaper,
 * should the JVM die).
 * <p>
 * Three host ports are chosen here rather than by Docker: LocalStack's, so that the queue URLs it answers
 * ({@code LOCALSTACK_HOST}) point where the tests reach it; and the replica's and Redis', so that a server stopped
 * and started again ({@link #databaseServers()}) listens where the services expect it.
 */
final class TestcontainersStack {

	/** A free community tag; must stay the one in docker-compose.yml (ComposeFileTest checks both). */
	static final String LOCALSTACK_IMAGE = "localstack/localstack:4.12.0";

	/** The AWS services LocalStack starts; the same list as docker-compose.yml's. */
	static final List<String> LOCALSTACK_SERVICES = List.of("sqs", "sns", "events", "s3", "stepfunctions", "iam",
			"kinesis", "dynamodb");

	/** Primary and replica; the same image as docker-compose.yml's. */
	static final String POSTGRES_IMAGE = "postgres:15.19-bookworm";

	/** Inventory's shared catalog cache; the same image as docker-compose.yml's (ComposeFileTest checks both). */
	static final String REDIS_IMAGE = "redis:7.0.15-alpine";

	private static final int REDIS_PORT = 6379;

	private static final String PRIMARY_ALIAS = "postgres-primary";

	private static final int POSTGRES_PORT = 5432;

	private static final String REPLICA_ENTRYPOINT = "/securecart/replica-entrypoint.sh";

	/** The replica is ready once it is a standby whose WAL receiver streams (docker-compose.yml's healthcheck). */
	static final String REPLICA_STREAMING = "[ \"$(psql -U postgres -XAtc "
			+ "'select status from pg_stat_wal_receiver')\" = streaming ]";

	private static final int LOCALSTACK_PORT = 4566;

	private static final Logger log = LoggerFactory.getLogger(TestcontainersStack.class);

	/** The replica container, once {@link #start} has run: what {@link #databaseServers()} stops and starts. */
	private static volatile GenericContainer<?> startedReplica;

	/** The primary container, once {@link #start} has run: what {@link #databaseServers()} crashes and restarts. */
	private static volatile GenericContainer<?> startedPrimary;

	/** The Redis container, once {@link #start} has run: what {@link #databaseServers()} stops and starts. */
	private static volatile GenericContainer<?> startedRedis;

	private TestcontainersStack() {
	}

	static TestInfrastructure start() {
		Path scripts = RepositoryRoot.find().resolve("infra/compose/postgres");
		Network network = Network.newNetwork();
		String dockerHost = DockerClientFactory.instance().dockerHostIpAddress();
		int awsPort = FreePorts.next();
		int primaryPort = FreePorts.next();
		int replicaPort = FreePorts.next();
		LocalStackContainer localstack = new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE))
			.withServices(LOCALSTACK_SERVICES.toArray(String[]::new))
			// Queue URLs as http://<docker host>:<its port>/queue/<region>/<account>/<name>, reachable from the tests.
			.withEnv("LOCALSTACK_AUTH_TOKEN", System.getenv().getOrDefault("LOCALSTACK_AUTH_TOKEN", ""))
			.withEnv("SQS_ENDPOINT_STRATEGY", "path")
			.withEnv("LOCALSTACK_HOST", dockerHost + ":" + awsPort);
		localstack.setPortBindings(List.of(awsPort + ":" + LOCALSTACK_PORT));
		PostgreSQLContainer primary = new PostgreSQLContainer(DockerImageName.parse(POSTGRES_IMAGE))
			.withNetwork(network)
			.withNetworkAliases(PRIMARY_ALIAS)
			.withUsername("postgres")
			.withPassword("postgres")
			.withDatabaseName("postgres")
			.withCopyFileToContainer(MountableFile.forHostPath(scripts.resolve("primary-init.sh"), 0755),
					"/docker-entrypoint-initdb.d/10-securecart.sh");
		primary.setPortBindings(List.of(primaryPort + ":" + POSTGRES_PORT));
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
		replica.setPortBindings(List.of(replicaPort + ":" + POSTGRES_PORT));
		int redisPort = FreePorts.next();
		GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse(REDIS_IMAGE))
			.withCommand("redis-server", "--save", "", "--appendonly", "no", "--maxmemory", "64mb",
					"--maxmemory-policy", "allkeys-lru")
			.withExposedPorts(REDIS_PORT)
			.waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1));
		redis.setPortBindings(List.of(redisPort + ":" + REDIS_PORT));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			redis.stop();
			replica.stop();
			primary.stop();
			localstack.stop();
			network.close();
		}, "securecart-testcontainers-stop"));

		Startables.deepStart(localstack, primary, redis).join();
		replica.start();
		startedReplica = replica;
		startedPrimary = primary;
		startedRedis = redis;
		log.info("Testcontainers stack up: {} on {}, PostgreSQL primary on {}:{}, replica on port {}", LOCALSTACK_IMAGE,
				localstack.getEndpoint(), primary.getHost(), primary.getMappedPort(POSTGRES_PORT),
				replica.getMappedPort(POSTGRES_PORT));
		return new TestInfrastructure("TESTCONTAINERS", localstack.getEndpoint(), localstack.getRegion(),
				localstack.getAccessKey(), localstack.getSecretKey(), primary.getHost(),
				primary.getMappedPort(POSTGRES_PORT), replica.getMappedPort(POSTGRES_PORT), "securecart", "securecart",
				redis.getHost(), redisPort);
	}

	/**
	 * The replica's container, stopped (the image's stop signal is SIGINT: a fast shutdown) and started again. Its
	 * data survives in the container, so its entrypoint finds a complete clone and does not clone again. The primary's
	 * container is killed (SIGKILL: a crash) and started again; PostgreSQL recovers from its WAL. Both host ports are
	 * fixed, so each server comes back where it was.
	 */
	static DatabaseServers databaseServers() {
		return new DatabaseServers() {

			@Override
			public void stopReplica() {
				DockerClientFactory.instance().client().stopContainerCmd(started(startedReplica).getContainerId()).exec();
			}

			@Override
			public void startReplica() {
				DockerClientFactory.instance().client().startContainerCmd(started(startedReplica).getContainerId()).exec();
				awaitReplicaStreaming();
			}

			@Override
			public void crashAndRestartPrimary() {
				String primary = started(startedPrimary).getContainerId();
				DockerClientFactory.instance().client().killContainerCmd(primary).withSignal("SIGKILL").exec();
				DockerClientFactory.instance().client().startContainerCmd(primary).exec();
				awaitReplicaStreaming();
			}

			@Override
			public void stopRedis() {
				DockerClientFactory.instance().client().stopContainerCmd(started(startedRedis).getContainerId()).exec();
			}

			@Override
			public void startRedis() {
				GenericContainer<?> redis = started(startedRedis);
				DockerClientFactory.instance().client().startContainerCmd(redis.getContainerId()).exec();
				await().atMost(Duration.ofMinutes(1))
					.ignoreExceptions()
					.until(() -> redis.execInContainer("redis-cli", "ping").getStdout().contains("PONG"));
			}

			private void awaitReplicaStreaming() {
				GenericContainer<?> replica = started(startedReplica);
				await().atMost(Duration.ofMinutes(2))
					.ignoreExceptions()
					.until(() -> replica.execInContainer("sh", "-c", REPLICA_STREAMING).getExitCode() == 0);
			}

			private GenericContainer<?> started(GenericContainer<?> container) {
				if (container == null) {
					throw new IllegalStateException("The Testcontainers stack has not been started in this JVM");
				}
				return container;
			}
		};
	}
}
