package io.securecart.platform.messaging;

/** A queue, topic, bus, rule or table a service needs does not exist on the AWS endpoint it is pointed at. */
public class MissingTopologyException extends IllegalStateException {

	public MissingTopologyException(String kind, String name, Throwable cause) {
		super("""
				%s '%s' does not exist. Provision the messaging topology declared in infra/topology.json first \
				(./securecart up does it; or run: java -jar infra/provisioner/target/provisioner.jar), and check \
				that spring.cloud.aws.endpoint and the region point at the broker you provisioned."""
			.formatted(kind, name), cause);
	}
}
