package io.securecart.cdk.network;

import java.util.List;

import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * A VPC across two availability zones: public subnets for the load balancer and the NAT gateway, private ones for the
 * tasks, isolated ones for the database. One NAT gateway (the smallest footprint; one per AZ survives an AZ's loss).
 */
public class Network extends Construct {

	public static final int AVAILABILITY_ZONES = 2;

	private final Vpc vpc;

	public Network(Construct scope, String id) {
		super(scope, id);
		this.vpc = Vpc.Builder.create(this, "Vpc")
			.ipAddresses(IpAddresses.cidr("10.40.0.0/16"))
			.maxAzs(AVAILABILITY_ZONES)
			.natGateways(1)
			.subnetConfiguration(List.of(
					SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
					SubnetConfiguration.builder()
						.name("services")
						.subnetType(SubnetType.PRIVATE_WITH_EGRESS)
						.cidrMask(22)
						.build(),
					SubnetConfiguration.builder()
						.name("databases")
						.subnetType(SubnetType.PRIVATE_ISOLATED)
						.cidrMask(24)
						.build()))
			.build();
	}

	public Vpc vpc() {
		return vpc;
	}
}
