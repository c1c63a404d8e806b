package io.securecart.cdk.identity;

import java.util.List;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.CfnUserPoolGroup;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.ResourceServerScope;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolDomain;
import software.amazon.awscdk.services.cognito.UserPoolResourceServer;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * The issuer on AWS: a Cognito user pool with the roles of docs/security.md as groups, the console's client for people
 * (authorization code) and checkout's for its client-credentials calls, their secrets kept in Secrets Manager.
 */
public class Identity extends Construct {

	public static final List<String> GROUPS = List.of("CUSTOMER", "ADMIN", "SERVICE");

	private final UserPool userPool;

	private final UserPoolClient consoleClient;

	private final Secret consoleClientSecret;

	private final UserPoolClient checkoutClient;

	private final UserPoolDomain domain;

	private final Secret checkoutClientSecret;

	public Identity(Construct scope, String id) {
		super(scope, id);
		this.userPool = UserPool.Builder.create(this, "Users")
			.userPoolName("securecart")
			.selfSignUpEnabled(false)
			.removalPolicy(RemovalPolicy.DESTROY)
			.build();
		for (String group : GROUPS) {
			CfnUserPoolGroup.Builder.create(this, "Group-" + group)
				.userPoolId(userPool.getUserPoolId())
				.groupName(group)
				.build();
		}
		this.domain = userPool.addDomain("Domain",
				software.amazon.awscdk.services.cognito.UserPoolDomainOptions.builder()
					.cognitoDomain(CognitoDomainOptions.builder()
						.domainPrefix("securecart-" + Stack.of(this).getAccount())
						.build())
					.build());
		// The web console signs people in (authorization code) and calls the services with their tokens, so its client
		// id is the audience the services accept. Cognito allows http:// callbacks for localhost only: HTTPS on the
		// load balancer is a prerequisite of signing in on AWS (docs/aws.md).
		this.consoleClient = userPool.addClient("ConsoleClient",
				software.amazon.awscdk.services.cognito.UserPoolClientOptions.builder()
					.userPoolClientName("console")
					.generateSecret(true)
					.authFlows(AuthFlow.builder().userSrp(true).build())
					.oAuth(OAuthSettings.builder()
						.flows(OAuthFlows.builder().authorizationCodeGrant(true).build())
						.scopes(List.of(OAuthScope.OPENID, OAuthScope.PROFILE))
						.callbackUrls(List.of("http://localhost:8085/login/oauth2/code/securecart"))
						.build())
					.build());
		this.consoleClientSecret = Secret.Builder.create(this, "ConsoleClientSecret")
			.description("The console's Cognito client secret (authorization code)")
			.secretStringValue(consoleClient.getUserPoolClientSecret())
			.build();
		UserPoolResourceServer api = userPool.addResourceServer("Api",
				software.amazon.awscdk.services.cognito.UserPoolResourceServerOptions.builder()
					.identifier("securecart")
					.scopes(List.of(ResourceServerScope.Builder.create()
						.scopeName("service")
						.scopeDescription("Service-to-service calls")
						.build()))
					.build());
		this.checkoutClient = userPool.addClient("CheckoutClient",
				software.amazon.awscdk.services.cognito.UserPoolClientOptions.builder()
					.userPoolClientName("checkout-service")
					.generateSecret(true)
					.oAuth(OAuthSettings.builder()
						.flows(OAuthFlows.builder().clientCredentials(true).build())
						.scopes(List.of(OAuthScope.custom("securecart/service")))
						.build())
					.build());
		checkoutClient.getNode().addDependency(api);
		this.checkoutClientSecret = Secret.Builder.create(this, "CheckoutClientSecret")
			.description("checkout-service's Cognito client secret (client credentials)")
			// Read from Cognito at deploy time (a custom resource): the value is never written into the template.
			.secretStringValue(checkoutClient.getUserPoolClientSecret())
			.build();
	}

	public String issuerUrl() {
		return userPool.getUserPoolProviderUrl();
	}

	public String jwkSetUrl() {
		return userPool.getUserPoolProviderUrl() + "/.well-known/jwks.json";
	}

	public String tokenUrl() {
		return domain.baseUrl() + "/oauth2/token";
	}

	/** Where the browser signs in (Cognito's hosted UI). */
	public String signInUrl() {
		return domain.baseUrl();
	}

	public UserPoolClient consoleClient() {
		return consoleClient;
	}

	public Secret consoleClientSecret() {
		return consoleClientSecret;
	}

	public UserPoolClient checkoutClient() {
		return checkoutClient;
	}

	public Secret checkoutClientSecret() {
		return checkoutClientSecret;
	}

	public UserPool userPool() {
		return userPool;
	}
}
