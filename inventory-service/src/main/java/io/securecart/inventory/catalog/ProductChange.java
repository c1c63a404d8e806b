package io.securecart.inventory.catalog;

import io.securecart.inventory.datasource.Lsn;
import org.jspecify.annotations.Nullable;

/**
 * A product as a committed back-office change left it.
 *
 * @param product the product after the change, read on the primary, with its new version (the answer's
 * {@code ETag})
 * @param token the primary's WAL position after the commit: a read that reflects it includes the change; null when
 * the primary could not be asked after the commit (the change is done all the same)
 */
record ProductChange(VersionedProduct product, @Nullable Lsn token) {
}
