package io.securecart.provisioner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Makes DynamoDB match the declared {@link Table}s, on moto, LocalStack and AWS: creates a missing table (on demand,
 * encrypted at rest with the AWS managed key) and waits until it is active, and turns on its time to live. Keys cannot
 * change after creation; running it twice changes nothing.
 */
public class TableProvisioner {

	private static final Logger log = LoggerFactory.getLogger(TableProvisioner.class);

	private final DynamoDbClient dynamoDb;

	public TableProvisioner(DynamoDbClient dynamoDb) {
		this.dynamoDb = dynamoDb;
	}

	/** @return the ARN of every table, by name */
	public Map<String, String> provision(List<Table> tables) {
		Map<String, String> provisioned = new LinkedHashMap<>();
		for (Table table : tables) {
			provisioned.put(table.name(), ensureTable(table));
			ensureTimeToLive(table);
		}
		return provisioned;
	}

	private String ensureTable(Table table) {
		try {
			String arn = dynamoDb.describeTable(request -> request.tableName(table.name())).table().tableArn();
			log.info("table    {} up to date", table.name());
			return arn;
		}
		catch (ResourceNotFoundException missing) {
			List<KeySchemaElement> keys = new ArrayList<>();
			List<AttributeDefinition> attributes = new ArrayList<>();
			keys.add(KeySchemaElement.builder().attributeName(table.partitionKey()).keyType(KeyType.HASH).build());
			attributes.add(string(table.partitionKey()));
			if (table.sortKey() != null) {
				keys.add(KeySchemaElement.builder().attributeName(table.sortKey()).keyType(KeyType.RANGE).build());
				attributes.add(string(table.sortKey()));
			}
			dynamoDb.createTable(request -> request.tableName(table.name())
				.keySchema(keys)
				.attributeDefinitions(attributes)
				.billingMode(BillingMode.PAY_PER_REQUEST)
				// KMS with the AWS managed key (aws/dynamodb) instead of the default AWS owned key: visible in CloudTrail.
				.sseSpecification(SSESpecification.builder().enabled(true).sseType(SSEType.KMS).build()));
			String arn = dynamoDb.waiter()
				.waitUntilTableExists(request -> request.tableName(table.name()))
				.matched()
				.response()
				.orElseThrow(() -> new IllegalStateException("Table " + table.name() + " did not become active"))
				.table()
				.tableArn();
			log.info("table    {} created", table.name());
			return arn;
		}
	}

	private void ensureTimeToLive(Table table) {
		if (table.timeToLiveAttribute() == null) {
			return;
		}
		var current = dynamoDb.describeTimeToLive(request -> request.tableName(table.name()))
			.timeToLiveDescription();
		boolean onOrTurningOn = current.timeToLiveStatus() == TimeToLiveStatus.ENABLED
				|| current.timeToLiveStatus() == TimeToLiveStatus.ENABLING;
		if (onOrTurningOn && table.timeToLiveAttribute().equals(current.attributeName())) {
			return;
		}
		dynamoDb.updateTimeToLive(request -> request.tableName(table.name())
			.timeToLiveSpecification(ttl -> ttl.attributeName(table.timeToLiveAttribute()).enabled(true)));
		log.info("table    {} expires items at {}", table.name(), table.timeToLiveAttribute());
	}

	private static AttributeDefinition string(String name) {
		return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
	}
}
