package io.securecart.provisioner;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code java -jar provisioner-exec.jar [topology.json]}: provisions the declared topology on the broker that the
 * environment points at. {@code SPRING_CLOUD_AWS_ENDPOINT} (or {@code AWS_ENDPOINT_URL}) selects moto or LocalStack;
 * without it, real AWS, with the default credentials chain. {@code AWS_REGION} defaults to us-east-1.
 */
public final class ProvisionerApplication {

	private static final Logger log = LoggerFactory.getLogger(ProvisionerApplication.class);

	private ProvisionerApplication() {
	}

	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals("prometheus")) {
			writePrometheusConfiguration(args);
			return;
		}
		Topology topology = args.length > 0 ? Topology.read(Path.of(args[0])) : Topology.declared();
		java.util.List<Table> tables = args.length > 0 ? Table.read(Path.of(args[0])) : Table.declared();
		Optional<URI> endpoint = endpoint(System.getenv());
		Region region = Region.of(Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1"));
		log.info("Provisioning {} queues, {} topics, {} subscriptions, {} event buses, {} state machines on {}",
				topology.allQueueNames().size(), topology.topics().size(), topology.subscriptions().size(),
				topology.eventBuses().size(), topology.stateMachines().size(),
				endpoint.map(URI::toString).orElse("AWS " + region));
		if (endpoint.isPresent()) {
			StreamProvisioner.speakJsonToTheEmulator();
		}
		try (SqsClient sqs = configure(SqsClient.builder(), endpoint, region).build();
				SnsClient sns = configure(SnsClient.builder(), endpoint, region).build();
				EventBridgeClient events = configure(EventBridgeClient.builder(), endpoint, region).build();
				SfnClient sfn = configure(SfnClient.builder(), endpoint, region).build();
				// IAM is global: its one endpoint answers for every region (aws-global).
				IamClient iam = configure(IamClient.builder(), endpoint, endpoint.isPresent() ? region : Region.AWS_GLOBAL)
					.build();
				KinesisClient kinesis = configure(KinesisClient.builder(), endpoint, region).build()) {
			new TopologyProvisioner(sqs, sns, events, sfn, iam).provision(topology);
			new StreamProvisioner(kinesis).provision(topology.streams());
		}
		// Path-style against an emulator: a bucket as a host name (bucket.localhost) resolves nowhere.
		try (S3Client s3 = configure(S3Client.builder(), endpoint, region).forcePathStyle(endpoint.isPresent())
			.build()) {
			new BucketProvisioner(s3).provision(topology.buckets());
		}
		try (DynamoDbClient dynamoDb = configure(DynamoDbClient.builder(), endpoint, region).build()) {
			new TableProvisioner(dynamoDb).provision(tables);
		}
		log.info("Topology provisioned");
	}

	/**
	 * {@code prometheus DIR TOKEN_URI TARGET...}: writes Prometheus' configuration and the alerting rules generated
	 * from the declared alarms into DIR. The client secret comes from {@code SECURECART_PROMETHEUS_CLIENT_SECRET}
	 * (default: the demo secret).
	 */
	private static void writePrometheusConfiguration(String[] args) {
		if (args.length < 4) {
			throw new IllegalArgumentException("usage: prometheus DIR TOKEN_URI HOST:PORT...");
		}
		String secret = Optional.ofNullable(System.getenv("SECURECART_PROMETHEUS_CLIENT_SECRET"))
			.orElse("prometheus-demo-secret");
		PrometheusConfiguration.write(Path.of(args[1]), Alarm.declared(),
				java.util.Arrays.asList(args).subList(3, args.length), URI.create(args[2]), "prometheus", secret);
		log.info("Prometheus configuration and {} alerting rules written to {}", Alarm.declared().size(), args[1]);
	}

	static Optional<URI> endpoint(Map<String, String> environment) {
		return Optional.ofNullable(environment.get("SPRING_CLOUD_AWS_ENDPOINT"))
			.or(() -> Optional.ofNullable(environment.get("AWS_ENDPOINT_URL")))
			.filter(value -> !value.isBlank())
			.map(URI::create);
	}

	private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B configure(
			B builder, Optional<URI> endpoint, Region region) {
		endpoint.ifPresent(builder::endpointOverride);
		return builder.region(region);
	}
}
