package io.securecart.cdk;

import java.nio.file.Files;
import java.nio.file.Path;

import io.securecart.provisioner.Topology;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

import io.securecart.cdk.images.ContainerImagesStack;

/**
 * The CDK app: the whole system on AWS, from the one declaration ({@code infra/topology.json}). Two stacks: the image
 * repositories (deployed first, so images can be pushed before any service starts) and the system itself.
 * See docs/aws.md.
 */
public final class SecureCartApp {

	static final String VALIDATE_AGAINST_CLOUDFORMATION_RULES = "@aws-cdk/core:validateAgainstDefaultRules";

	private SecureCartApp() {
	}

	/** Where the CDK CLI runs the app from (infra/cdk, cdk.json's directory): the declaration itself, not a copy. */
	static final Path TOPOLOGY_FROM_CDK_DIRECTORY = Path.of("..", "topology.json");

	public static void main(String[] args) {
		App app = new App();
		define(app, topology(), DeploymentSettings.from(app.getNode()));
		app.synth();
	}

	/**
	 * infra/topology.json as it is in the checkout; the copy packaged in the provisioner's jar only when the app runs
	 * elsewhere (a jar installed earlier may be older than the checkout).
	 */
	static Topology topology() {
		return Files.isRegularFile(TOPOLOGY_FROM_CDK_DIRECTORY) ? Topology.read(TOPOLOGY_FROM_CDK_DIRECTORY)
				: Topology.declared();
	}

	/** The stacks; each service's image comes from the repository the first one declares. */
	public static SecureCartStack define(App app, Topology topology, DeploymentSettings settings) {
		// CloudFormation's schema rules, checked at synthesis: a violation fails cdk synth and the build.
		app.getNode().setContext(VALIDATE_AGAINST_CLOUDFORMATION_RULES, true);
		StackProps props = StackProps.builder().env(environment()).build();
		new ContainerImagesStack(app, "SecureCartImages", props);
		return new SecureCartStack(app, "SecureCart", props, topology, settings);
	}

	/** The account and region of the CLI's credentials when deploying; none when synthesized in the build. */
	private static Environment environment() {
		String account = System.getenv("CDK_DEFAULT_ACCOUNT");
		String region = System.getenv("CDK_DEFAULT_REGION");
		return account == null || region == null ? null
				: Environment.builder().account(account).region(region).build();
	}
}
