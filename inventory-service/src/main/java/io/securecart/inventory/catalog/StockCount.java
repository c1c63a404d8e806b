package io.securecart.inventory.catalog;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * {@code PUT /api/catalog/products/{sku}/stock}: how many the warehouse holds now, reserved ones included.
 *
 * @param stockOnHand what is on the shelf; at least what is reserved for paid orders
 */
record StockCount(@NotNull @PositiveOrZero Integer stockOnHand) {
}
