package io.securecart.cdk;

import java.util.List;
import java.util.Map;

import io.securecart.provisioner.BucketProvisioner;
import io.securecart.provisioner.Topology;
import org.junit.jupiter.api.Test;

import static io.securecart.cdk.SynthesizedSecureCart.TOPOLOGY;
import static io.securecart.cdk.SynthesizedSecureCart.properties;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim check's bucket (ADR 16) as the topology declares it: objects expire after the declared days, encrypted,
 * private, TLS only; a service writes under what it publishes to, reads what its queues receive, and finds the
 * bucket's name in its environment.
 */
class LargePayloadsBucketTest {

	private final SynthesizedSecureCart app = SynthesizedSecureCart.get();

	private final Topology.BucketSpec declared = TOPOLOGY.buckets().getFirst();

	@Test
	void expiresEncryptsAndBlocksPublicAccessAsDeclared() {
		app.template.hasResourceProperties("AWS::S3::Bucket", Map.of(
				"LifecycleConfiguration", Map.of("Rules", List.of(Map.of("Id", BucketProvisioner.EXPIRATION_RULE,
						"ExpirationInDays", declared.expirationDays(), "Status", "Enabled"))),
				"BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
						"ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", declared.encryption())))),
				"PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
						"IgnorePublicAcls", true, "RestrictPublicBuckets", true)));
		assertThat(String.valueOf(app.ofType("AWS::S3::BucketPolicy").values())).as("TLS only")
			.contains("aws:SecureTransport");
		assertThat(app.declaredBucketIds()).hasSize(TOPOLOGY.buckets().size());
	}

	@Test
	void eachServiceWritesUnderWhatItPublishesToAndReadsOnlyWhatItsQueuesReceive() {
		String bucket = app.declaredBucketIds().iterator().next();

		// order-events: checkout publishes PaymentRejected there (ADR 44).
		assertThat(resourcesFor("checkout-service", "s3:PutObject")).contains("/orders.fifo/*", "/securecart/*",
				"/order-events/*");
		assertThat(resourcesFor("checkout-service", "s3:GetObject")).contains("/order-events/*")
			.doesNotContain("/orders.fifo/*");
		assertThat(resourcesFor("payment-service", "s3:GetObject")).contains("/orders.fifo/*", "/securecart/*");
		assertThat(resourcesFor("notification-service", "s3:GetObject")).contains("/order-events/*")
			.doesNotContain("/orders.fifo/*");
		assertThat(resourcesFor("notification-service", "s3:PutObject")).isEqualTo("[]");
		for (String service : List.of("checkout-service", "payment-service", "inventory-service",
				"fulfillment-service", "notification-service")) {
			assertThat(String.valueOf(environmentOf(service))).as(service)
				.contains("SECURECART_MESSAGING_CLAIM_CHECK_BUCKET")
				.contains(bucket);
		}
	}

	/** The resources of the statements that allow {@code action} to the service's task role, as text. */
	private String resourcesFor(String service, String action) {
		return String.valueOf(statementsOf(service).stream()
			.filter(statement -> SynthesizedSecureCart.asList(statement.get("Action")).contains(action))
			.map(statement -> statement.get("Resource"))
			.toList());
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> statementsOf(String service) {
		String taskDefinition = app.logicalId("AWS::ECS::TaskDefinition", "Family", "securecart-" + service);
		String role = SynthesizedSecureCart
			.referencedIds(properties(app.resources.get(taskDefinition)).get("TaskRoleArn"))
			.get(0);
		return app.ofType("AWS::IAM::Policy")
			.values()
			.stream()
			.map(SynthesizedSecureCart::properties)
			.filter(policy -> SynthesizedSecureCart.referencedIds(policy.get("Roles")).contains(role))
			.flatMap(policy -> ((List<Map<String, Object>>) ((Map<String, Object>) policy.get("PolicyDocument"))
				.get("Statement")).stream())
			.toList();
	}

	@SuppressWarnings("unchecked")
	private Object environmentOf(String service) {
		String taskDefinition = app.logicalId("AWS::ECS::TaskDefinition", "Family", "securecart-" + service);
		return ((List<Map<String, Object>>) properties(app.resources.get(taskDefinition)).get("ContainerDefinitions"))
			.stream()
			.filter(container -> service.equals(container.get("Name")))
			.findFirst()
			.orElseThrow()
			.get("Environment");
	}
}
