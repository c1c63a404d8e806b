package io.securecart.platform.messaging;

import java.util.List;

/** Something a service relies on exists, but not as {@code infra/topology.json} declares it. */
public class TopologyDriftException extends IllegalStateException {

	public TopologyDriftException(List<String> differences) {
		super(String.join("; ", differences) + ". Provision infra/topology.json again (./securecart up, docker compose "
				+ "run --rm provisioner, or cdk deploy from infra/cdk): every party reads the declared values.");
	}
}
