package io.securecart.provisioner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A DynamoDB table as {@code infra/topology.json} declares it (its {@code tables} section). Keys are strings;
 * billing is on demand everywhere; DynamoDB deletes an item some time after its {@code timeToLiveAttribute} (epoch
 * seconds) has passed, on AWS within days and on moto never, so readers must skip expired items themselves. The
 * provisioner creates it with {@link TableProvisioner} on moto, LocalStack and AWS; the CDK app from the same record.
 *
 * @param consumer the one service that reads and writes it (the CDK app grants it, and nobody else, access)
 */
public record Table(String name, String description, String partitionKey, String sortKey, String timeToLiveAttribute,
		String consumer) {

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	public Table {
		if (name == null || !name.matches("[a-zA-Z0-9_.-]{3,255}")) {
			throw new IllegalArgumentException("Not a DynamoDB table name: " + name);
		}
		if (partitionKey == null || partitionKey.isBlank()) {
			throw new IllegalArgumentException("Table " + name + " needs a partitionKey");
		}
		if (consumer == null || consumer.isBlank()) {
			throw new IllegalArgumentException("Table " + name + " needs the consumer that uses it");
		}
	}

	/** The tables packaged with this module (copied from {@code infra/topology.json} at build time). */
	public static List<Table> declared() {
		try (InputStream in = Table.class.getResourceAsStream(Topology.RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(Topology.RESOURCE + " is not on the classpath");
			}
			return of(JSON.readTree(in));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static List<Table> read(Path topologyJson) {
		try {
			return of(JSON.readTree(Files.readString(topologyJson)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<Table> of(JsonNode topology) {
		JsonNode tables = topology.path("tables");
		if (tables.isMissingNode()) {
			return List.of();
		}
		return List.of(JSON.treeToValue(tables, Table[].class));
	}
}
