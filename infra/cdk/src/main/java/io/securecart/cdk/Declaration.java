package io.securecart.cdk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.securecart.provisioner.Alarm;
import io.securecart.provisioner.Table;
import io.securecart.provisioner.Topology;

/**
 * infra/topology.json, read by the provisioner's readers (the one model of it): the messaging topology, the alarms and
 * the DynamoDB tables.
 */
public record Declaration(Topology topology, List<Alarm> alarms, List<Table> tables) {

	/** Where the CDK CLI runs the app from (infra/cdk, cdk.json's directory): the declaration itself, not a copy. */
	static final Path FROM_CDK_DIRECTORY = Path.of("..", "topology.json");

	public Declaration {
		alarms = List.copyOf(alarms);
		tables = List.copyOf(tables);
	}

	/** The copy packaged in the provisioner's jar, built from infra/topology.json. */
	public static Declaration packaged() {
		return new Declaration(Topology.declared(), Alarm.declared(), Table.declared());
	}

	public static Declaration read(Path topologyJson) {
		return new Declaration(Topology.read(topologyJson), Alarm.read(topologyJson), Table.read(topologyJson));
	}

	/**
	 * infra/topology.json as it is in the checkout; the packaged copy only when the app runs elsewhere (a jar installed
	 * earlier may be older than the checkout).
	 */
	static Declaration forCli() {
		return Files.isRegularFile(FROM_CDK_DIRECTORY) ? read(FROM_CDK_DIRECTORY) : packaged();
	}
}
