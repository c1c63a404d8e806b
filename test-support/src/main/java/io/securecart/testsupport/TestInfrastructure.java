package io.securecart.testsupport;

import java.net.URI;

import io.securecart.provisioner.Topology;
import io.securecart.provisioner.TopologyProvisioner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What integration and end-to-end tests run against: an AWS emulator with the declared topology, and a PostgreSQL
 * primary with a streaming replica, each service with its own database. One per test JVM, shared by its tests.
 */
public record TestInfrastructure(String backend, URI awsEndpoint, String region, String accessKey, String secretKey,
		String postgresHost, int postgresPort, int replicaPort, String postgresUser, String postgresPassword) {

	public static TestInfrastructure shared() {
		return SharedInfrastructure.get();
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://%s:%d/%s".formatted(postgresHost, postgresPort, database);
	}

	public String replicaJdbcUrl(String database) {
		return "jdbc:postgresql://%s:%d/%s".formatted(postgresHost, replicaPort, database);
	}

	public SqsClient sqsClient() {
		return SqsClient.builder()
			.endpointOverride(awsEndpoint)
			.region(Region.of(region))
			.credentialsProvider(credentials())
			.build();
	}

	public SnsClient snsClient() {
		return SnsClient.builder()
			.endpointOverride(awsEndpoint)
			.region(Region.of(region))
			.credentialsProvider(credentials())
			.build();
	}

	/** Creates the topology of {@code infra/topology.json}; harmless when it exists. */
	public void provisionTopology() {
		try (SqsClient sqs = sqsClient(); SnsClient sns = snsClient()) {
			new TopologyProvisioner(sqs, sns).provision(Topology.declared());
		}
	}

	private StaticCredentialsProvider credentials() {
		return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
	}
}
