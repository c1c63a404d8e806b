package io.securecart.platform.messaging;

import java.util.List;

/** Something a service relies on exists, but not as {@code infra/topology.json} declares it. */
public class TopologyDriftException extends IllegalStateException {

	public TopologyDriftException(List<String> differences) {
		super(String.join("; ", differences) + ". Locally, provision infra/topology.json again (./securecart up, "
				+ "docker compose run --rm provisioner). On AWS cdk deploy does not undo a change made by hand: put "
				+ "the declared values back with the CLI, or make CloudFormation replace the resource.");
	}
}
