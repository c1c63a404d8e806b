package io.securecart.cdk;

import io.securecart.cdk.data.Tables;
import io.securecart.cdk.database.Databases;
import io.securecart.cdk.functions.StockAlertsFunction;
import io.securecart.cdk.identity.Identity;
import io.securecart.cdk.messaging.Messaging;
import io.securecart.cdk.network.Network;
import io.securecart.cdk.observability.Alarms;
import io.securecart.cdk.observability.AuditTrail;
import io.securecart.cdk.services.Services;
import io.securecart.provisioner.Topology;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * SecureCart on AWS: network, messaging and tables (from the topology), the stock-alerts function, databases, identity,
 * services, alarms, audit.
 */
public class SecureCartStack extends Stack {

	public SecureCartStack(Construct scope, String id, StackProps props, Declaration declaration,
			DeploymentSettings settings) {
		super(scope, id, props);
		Topology topology = declaration.topology();
		Network network = new Network(this, "Network");
		Messaging messaging = new Messaging(this, "Messaging", topology);
		new StockAlertsFunction(this, "StockAlerts", messaging, StockAlertsFunction.QUEUE, StockAlertsFunction.TOPIC,
				StockAlertsFunction.LOW_STOCK_THRESHOLD);
		Databases databases = new Databases(this, "Databases", network.vpc());
		Tables tables = new Tables(this, "Tables", declaration.tables());
		Identity identity = new Identity(this, "Identity");
		Services services = new Services(this, "Services", network.vpc(), topology, messaging, databases, identity,
				settings, tables);
		new Alarms(this, "Alarms", declaration.alarms(), topology, messaging);
		if (settings.cloudTrail()) {
			new AuditTrail(this, "AuditTrail");
		}
		CfnOutput.Builder.create(this, "LoadBalancerUrl")
			.description("Each service answers on its own port here (checkout :8080 ... console :8085)")
			.value("http://" + services.loadBalancer().getLoadBalancerDnsName())
			.build();
		CfnOutput.Builder.create(this, "UserPoolId").value(identity.userPool().getUserPoolId()).build();
		CfnOutput.Builder.create(this, "IssuerUrl").value(identity.issuerUrl()).build();
	}
}
