package io.securecart.shop;

/** Where {@code ServiceConventions} finds the fixture "shop" service, as it finds a service from its application. */
class ShopApplication {

}
