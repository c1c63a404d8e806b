-- A high-value product with plenty of stock: an order for one is routed to fraud screening (issue 11), and demos and
-- tests can place many of them without selling out.
insert into product (sku, name, description, price, currency, stock_on_hand) values
    ('SC-WORKSTATION-007', 'Workstation laptop', '16-inch mobile workstation with 64 GB of memory.', 2499.00, 'USD', 10000);
