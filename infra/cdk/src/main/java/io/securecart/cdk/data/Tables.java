package io.securecart.cdk.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/**
 * The DynamoDB tables of {@code infra/topology.json}, as the provisioner creates them on the emulators (string keys,
 * on-demand billing, the time-to-live attribute, encrypted with the AWS managed key), with point-in-time recovery,
 * which only AWS has.
 */
public class Tables extends Construct {

	private final Map<String, Table> tables = new LinkedHashMap<>();

	private final Map<String, String> consumers = new LinkedHashMap<>();

	public Tables(Construct scope, String id, List<io.securecart.provisioner.Table> declared) {
		super(scope, id);
		for (io.securecart.provisioner.Table spec : declared) {
			Table.Builder table = Table.Builder.create(this, "Table-" + spec.name())
				.tableName(spec.name())
				.partitionKey(Attribute.builder().name(spec.partitionKey()).type(AttributeType.STRING).build())
				.billingMode(BillingMode.PAY_PER_REQUEST)
				.encryption(TableEncryption.AWS_MANAGED)
				.pointInTimeRecoverySpecification(
						PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
				.removalPolicy(RemovalPolicy.DESTROY);
			if (spec.sortKey() != null) {
				table.sortKey(Attribute.builder().name(spec.sortKey()).type(AttributeType.STRING).build());
			}
			if (spec.timeToLiveAttribute() != null) {
				table.timeToLiveAttribute(spec.timeToLiveAttribute());
			}
			tables.put(spec.name(), table.build());
			consumers.put(spec.name(), spec.consumer());
		}
	}

	/** The tables a service reads and writes (the declaration's {@code consumer}). */
	public List<Table> consumedBy(String service) {
		return tables.entrySet()
			.stream()
			.filter(entry -> service.equals(consumers.get(entry.getKey())))
			.map(Map.Entry::getValue)
			.toList();
	}
}
