package io.securecart.inventory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Inventory: owns products, prices and stock. Reserves stock for paid orders and commits it when they ship
 * ({@code stock}); serves the catalog from the read replica ({@code catalog}, {@code datasource}).
 */
@SpringBootApplication
public class InventoryApplication {

	public static void main(String[] args) {
		SpringApplication.run(InventoryApplication.class, args);
	}
}
