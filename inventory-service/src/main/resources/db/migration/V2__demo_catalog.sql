-- The demo catalog every SecureCart walkthrough uses. The poster is sold out on purpose.

insert into product (sku, name, description, price, currency, stock_on_hand) values
    ('SC-TSHIRT-001', 'SecureCart T-shirt', 'Organic cotton T-shirt with the SecureCart logo.', 19.99, 'USD', 100),
    ('SC-MUG-002', 'SecureCart mug', 'Ceramic mug, 350 ml, dishwasher safe.', 12.50, 'USD', 100),
    ('SC-HOODIE-003', 'SecureCart hoodie', 'Heavyweight hoodie with an embroidered logo.', 49.00, 'USD', 50),
    ('SC-STICKER-004', 'Sticker pack', 'Ten vinyl stickers for your laptop.', 3.99, 'USD', 1000),
    ('SC-LAPTOP-005', 'Developer laptop', '14-inch laptop with 32 GB of memory.', 1899.00, 'USD', 5),
    ('SC-POSTER-006', 'Limited-edition poster', 'Signed poster of the SecureCart architecture.', 25.00, 'USD', 0);
