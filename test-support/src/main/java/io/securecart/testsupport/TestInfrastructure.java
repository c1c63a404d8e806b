package io.securecart.testsupport;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.securecart.provisioner.BucketProvisioner;
import io.securecart.provisioner.StreamProvisioner;
import io.securecart.provisioner.Table;
import io.securecart.provisioner.TableProvisioner;
import io.securecart.provisioner.Topology;
import io.securecart.provisioner.TopologyProvisioner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.awaitility.Awaitility.await;

/**
 * What integration and end-to-end tests run against: an AWS emulator with the declared topology, a PostgreSQL
 * primary with a streaming replica, each service with its own database, and Redis (inventory's shared catalog
 * cache). One per test JVM, shared by its tests.
 */
public record TestInfrastructure(String backend, URI awsEndpoint, String region, String accessKey, String secretKey,
		String postgresHost, int postgresPort, int replicaPort, String postgresUser, String postgresPassword,
		String redisHost, int redisPort) {

	public static TestInfrastructure shared() {
		return SharedInfrastructure.get();
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://%s:%d/%s".formatted(postgresHost, postgresPort, database);
	}

	public String replicaJdbcUrl(String database) {
		return "jdbc:postgresql://%s:%d/%s".formatted(postgresHost, replicaPort, database);
	}

	/**
	 * Stops the streaming replica, as a replica outage would; the primary keeps serving. Every backend can: the host
	 * stack with {@code infra/local/postgres.sh}, Testcontainers by stopping the replica's container (its port is
	 * fixed, so it comes back on the same one), external endpoints with commands ({@code docker compose} by default).
	 * Close the returned outage, with try-with-resources, to start the replica again: later tests find it running, and
	 * a failure to restart it is added to the test's own failure instead of hiding it.
	 */
	public ReplicaOutage stopReplica() {
		databaseServers().stopReplica();
		return this::startReplica;
	}

	/**
	 * Starts the replica stopped by {@link #stopReplica()}; returns once it is a hot standby again that has replayed
	 * everything the primary had written when it came back.
	 */
	public void startReplica() {
		databaseServers().startReplica();
		JdbcClient primary = JdbcClient
			.create(new DriverManagerDataSource(jdbcUrl("postgres"), postgresUser, postgresPassword));
		String written = primary.sql("select pg_current_wal_lsn()::text").query(String.class).single();
		await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> replicaAsTestUser()
			.sql("select pg_is_in_recovery() and pg_last_wal_replay_lsn() >= cast(:written as pg_lsn)")
			.param("written", written)
			.query(Boolean.class)
			.single());
	}

	/**
	 * Stops Redis, as a cache outage would; PostgreSQL and the emulator keep serving. Every backend can (the host stack
	 * with {@code infra/local/redis.sh}, Testcontainers by stopping its container, external endpoints with commands).
	 * Close the returned outage, with try-with-resources, to start Redis again, empty, on the same port.
	 */
	public RedisOutage stopRedis() {
		databaseServers().stopRedis();
		return this::startRedis;
	}

	/** Starts Redis stopped by {@link #stopRedis()}; returns once it answers. */
	public void startRedis() {
		databaseServers().startRedis();
	}

	/** Redis taken down by {@link #stopRedis()}; closing it starts Redis again. */
	@FunctionalInterface
	public interface RedisOutage extends AutoCloseable {

		@Override
		void close();
	}

	/** A replica taken down by {@link #stopReplica()}; closing it starts the replica again. */
	@FunctionalInterface
	public interface ReplicaOutage extends AutoCloseable {

		@Override
		void close();
	}

	private DatabaseServers databaseServers() {
		return TestBackend.valueOf(backend).databaseServers(System.getenv());
	}

	/**
	 * Crashes the PostgreSQL primary (immediate shutdown: every connection drops, crash recovery on start) and starts
	 * it again on its port; returns once the replica streams from it again. Every backend can: the host stack with
	 * {@code infra/local/postgres.sh}, Testcontainers by killing and starting the primary's container (its port is
	 * fixed), external endpoints with a command ({@code docker compose kill} and {@code up --wait} by default).
	 */
	public void crashAndRestartPrimary() {
		databaseServers().crashAndRestartPrimary();
	}

	/**
	 * Pauses WAL replay on the replica ({@code pg_wal_replay_pause()}) and waits until it is paused: from then on
	 * the replica keeps receiving the primary's writes but shows none of them, i.e. it lags on purpose. Needs
	 * {@code EXECUTE} on the function for the test user, which {@code infra/local/postgres.sh} grants. Resume with
	 * {@link #resumeReplicaReplay()}, in a {@code finally} block.
	 */
	public void pauseReplicaReplay() {
		JdbcClient replica = replicaAsTestUser();
		replica.sql("select pg_wal_replay_pause()").query().singleValue();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> replica.sql("select pg_get_wal_replay_pause_state()").query(String.class).single(),
					"paused"::equals);
	}

	/** Resumes WAL replay on the replica: it catches up with everything the primary wrote meanwhile. */
	public void resumeReplicaReplay() {
		replicaAsTestUser().sql("select pg_wal_replay_resume()").query().singleValue();
	}

	private JdbcClient replicaAsTestUser() {
		// pg_wal_replay_* exist in every database; "postgres" is there on every backend.
		return JdbcClient
			.create(new DriverManagerDataSource(replicaJdbcUrl("postgres"), postgresUser, postgresPassword));
	}

	public SqsClient sqsClient() {
		return pointedAtTheEmulator(SqsClient.builder()).build();
	}

	public SnsClient snsClient() {
		return pointedAtTheEmulator(SnsClient.builder()).build();
	}

	public EventBridgeClient eventBridgeClient() {
		return pointedAtTheEmulator(EventBridgeClient.builder()).build();
	}

	/** Over JSON: the emulator does not speak the SDK's default CBOR to Kinesis. */
	public KinesisClient kinesisClient() {
		StreamProvisioner.speakJsonToTheEmulator();
		return pointedAtTheEmulator(KinesisClient.builder()).build();
	}

	private <B extends AwsClientBuilder<B, ?>> B pointedAtTheEmulator(B builder) {
		return builder.endpointOverride(awsEndpoint).region(Region.of(region)).credentialsProvider(credentials());
	}

	public SfnClient sfnClient() {
		return SfnClient.builder()
			.endpointOverride(awsEndpoint)
			.region(Region.of(region))
			.credentialsProvider(credentials())
			.build();
	}

	private IamClient iamClient() {
		return IamClient.builder()
			.endpointOverride(awsEndpoint)
			.region(Region.of(region))
			.credentialsProvider(credentials())
			.build();
	}

	public DynamoDbClient dynamoDbClient() {
		return pointedAtTheEmulator(DynamoDbClient.builder()).build();
	}

	/**
	 * Creates the topology of {@code infra/topology.json}, state machines and tables included; harmless when it
	 * exists.
	 */
	public void provisionTopology() {
		try (SqsClient sqs = sqsClient(); SnsClient sns = snsClient(); EventBridgeClient events = eventBridgeClient();
				SfnClient sfn = sfnClient(); IamClient iam = iamClient()) {
			new TopologyProvisioner(sqs, sns, events, sfn, iam).provision(Topology.declared());
		}
		try (KinesisClient kinesis = kinesisClient()) {
			new StreamProvisioner(kinesis).provision(Topology.declared().streams());
		}
		try (DynamoDbClient dynamoDb = dynamoDbClient()) {
			new TableProvisioner(dynamoDb).provision(Table.declared());
		}
		try (S3Client s3 = s3Client()) {
			new BucketProvisioner(s3).provision(Topology.declared().buckets());
		}
	}

	/** Path-style, as against any emulator. */
	public S3Client s3Client() {
		return pointedAtTheEmulator(S3Client.builder()).forcePathStyle(true).build();
	}

	/**
	 * Creates a copy of a declared state machine under another name, from the same definition file with some
	 * substitutions overridden (e.g. task timeouts of seconds, so a test sees a timeout in seconds). Never a
	 * hand-written machine: what the copy runs is what production runs, sized for a test.
	 * @return the copy's ARN
	 */
	public String provisionStateMachineVariant(String declaredName, String variantName, Map<String, Object> overrides) {
		Topology topology = Topology.declared();
		Topology.StateMachineSpec variant = topology.stateMachine(declaredName)
			.orElseThrow(() -> new IllegalArgumentException("No state machine " + declaredName + " declared"))
			.withSubstitutions(variantName, overrides);
		try (SqsClient sqs = sqsClient(); SnsClient sns = snsClient(); EventBridgeClient events = eventBridgeClient();
				SfnClient sfn = sfnClient(); IamClient iam = iamClient()) {
			return new TopologyProvisioner(sqs, sns, events, sfn, iam).provisionStateMachine(variant,
					queue -> sqs.getQueueUrl(request -> request.queueName(queue)).queueUrl(),
					queue -> sqs.getQueueAttributes(request -> request
						.queueUrl(sqs.getQueueUrl(name -> name.queueName(queue)).queueUrl())
						.attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn"));
		}
	}

	private StaticCredentialsProvider credentials() {
		return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
	}
}
