package io.securecart.cdk;

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

	public static void main(String[] args) {
		App app = new App();
		define(app, Declaration.forCli(), DeploymentSettings.from(app.getNode()));
		app.synth();
	}

	/** The stacks; each service's image comes from the repository the first one declares. */
	public static SecureCartStack define(App app, Declaration declaration, DeploymentSettings settings) {
		// CloudFormation's schema rules, checked at synthesis: a violation fails cdk synth and the build.
		app.getNode().setContext(VALIDATE_AGAINST_CLOUDFORMATION_RULES, true);
		StackProps props = StackProps.builder().env(environment()).build();
		new ContainerImagesStack(app, "SecureCartImages", props);
		return new SecureCartStack(app, "SecureCart", props, declaration, settings);
	}

	/** The account and region of the CLI's credentials when deploying; none when synthesized in the build. */
	private static Environment environment() {
		String account = System.getenv("CDK_DEFAULT_ACCOUNT");
		String region = System.getenv("CDK_DEFAULT_REGION");
		return account == null || region == null ? null
				: Environment.builder().account(account).region(region).build();
	}
}
