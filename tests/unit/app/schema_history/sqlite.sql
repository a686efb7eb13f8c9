-- version 1: identity: organizations, users, memberships
CREATE TABLE organizations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, environment TEXT NOT NULL CHECK (environment IN ('sandbox', 'production')), created_at TEXT NOT NULL)
;;
CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT NOT NULL UNIQUE, email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, created_at TEXT NOT NULL)
;;
CREATE TABLE memberships (org_id BIGINT NOT NULL REFERENCES organizations(id), user_id BIGINT NOT NULL REFERENCES users(id), role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')), created_at TEXT NOT NULL, PRIMARY KEY (org_id, user_id))
;;
CREATE TABLE resource_counts (org_id BIGINT NOT NULL REFERENCES organizations(id), resource TEXT NOT NULL, n BIGINT NOT NULL, removals BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (org_id, resource))
;;
-- version 2: resources: companies, suppliers, parts
CREATE TABLE companies (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  primary_name TEXT,
  primary_email TEXT,
  primary_phone TEXT,
  primary_position TEXT,
  secondary_name TEXT,
  secondary_email TEXT,
  secondary_phone TEXT,
  secondary_position TEXT,
  street TEXT,
  city TEXT,
  province TEXT,
  country TEXT,
  postal_code TEXT,
  custom_field_1 TEXT,
  custom_field_2 TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
)
;;
CREATE INDEX companies_org_id ON companies (org_id, id)
;;
CREATE INDEX companies_org_name ON companies (org_id, name)
;;
CREATE INDEX companies_org_city ON companies (org_id, city)
;;
CREATE INDEX companies_org_province ON companies (org_id, province)
;;
CREATE INDEX companies_org_country ON companies (org_id, country)
;;
CREATE TABLE suppliers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  primary_name TEXT,
  primary_email TEXT,
  primary_phone TEXT,
  primary_position TEXT,
  secondary_name TEXT,
  secondary_email TEXT,
  secondary_phone TEXT,
  secondary_position TEXT,
  notes TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
)
;;
CREATE INDEX suppliers_org_id ON suppliers (org_id, id)
;;
CREATE INDEX suppliers_org_name ON suppliers (org_id, name)
;;
CREATE TABLE parts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  company_id BIGINT REFERENCES companies(id),
  is_activity BIGINT,
  identification TEXT NOT NULL,
  is_finished_product BIGINT,
  batch_ids TEXT,
  supplier_id BIGINT REFERENCES suppliers(id),
  parent_part_id BIGINT REFERENCES parts(id),
  unit_type TEXT CHECK (unit_type IN ('Volume', 'Mass', 'Length')),
  unit_of_measure TEXT CHECK (unit_of_measure IN ('gal', 'cup', 'tsp', 'l', 'ml', 'g', 'kg', 'lb', 't', 'oz', 'st', 'm', 'ft', 'in', 'yd', 'cm', 'mm', 'units')),
  density DOUBLE PRECISION,
  density_mass_unit TEXT CHECK (density_mass_unit IN ('g', 'kg', 'lb', 't', 'oz', 'st')),
  density_volume_unit TEXT CHECK (density_volume_unit IN ('gal', 'cup', 'tsp', 'l', 'ml')),
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT parts_identification_key UNIQUE (org_id, identification)
)
;;
CREATE INDEX parts_org_id ON parts (org_id, id)
;;
CREATE INDEX parts_org_name ON parts (org_id, name)
;;
CREATE INDEX parts_org_company_id ON parts (org_id, company_id)
;;
CREATE INDEX parts_org_supplier_id ON parts (org_id, supplier_id)
;;
CREATE INDEX parts_org_parent_part_id ON parts (org_id, parent_part_id)
;;
-- version 3: tokens
CREATE TABLE tokens (id INTEGER PRIMARY KEY AUTOINCREMENT, hash TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, user_id BIGINT NOT NULL REFERENCES users(id), org_id BIGINT REFERENCES organizations(id), scopes TEXT NOT NULL, family BIGINT NOT NULL, expires_at BIGINT, revoked BIGINT NOT NULL DEFAULT 0, created_at TEXT NOT NULL)
;;
CREATE INDEX tokens_family ON tokens (family)
;;
-- version 4: api tokens: name, description, integration
ALTER TABLE tokens ADD COLUMN name TEXT NOT NULL DEFAULT ''
;;
ALTER TABLE tokens ADD COLUMN description TEXT NOT NULL DEFAULT ''
;;
ALTER TABLE tokens ADD COLUMN integration_id BIGINT
;;
CREATE INDEX tokens_org_kind ON tokens (org_id, kind)
;;
-- version 5: rate-limit overrides per organization
CREATE TABLE rate_limit_policies (org_id BIGINT NOT NULL REFERENCES organizations(id), audience TEXT NOT NULL CHECK (audience IN ('first_party', 'partner')), pool BIGINT NOT NULL, per_second REAL NOT NULL, PRIMARY KEY (org_id, audience))
;;
-- version 6: oauth clients
CREATE TABLE oauth_clients (id INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL UNIQUE, secret_hash TEXT NOT NULL, name TEXT NOT NULL, company TEXT NOT NULL, purpose TEXT NOT NULL, redirect_uris TEXT NOT NULL, scopes TEXT NOT NULL, grant_types TEXT NOT NULL, refresh_policy TEXT NOT NULL, access_token_ttl BIGINT NOT NULL, org_id BIGINT NOT NULL REFERENCES organizations(id), created_by BIGINT NOT NULL REFERENCES users(id), created_at TEXT NOT NULL)
;;
ALTER TABLE tokens ADD COLUMN client_id BIGINT
;;
-- version 7: oauth authorization codes
CREATE TABLE oauth_codes (code_hash TEXT PRIMARY KEY, client_id BIGINT NOT NULL REFERENCES oauth_clients(id), user_id BIGINT NOT NULL REFERENCES users(id), org_id BIGINT NOT NULL REFERENCES organizations(id), redirect_uri TEXT NOT NULL, scopes TEXT NOT NULL, code_challenge TEXT NOT NULL, expires_at BIGINT NOT NULL, used BIGINT NOT NULL DEFAULT 0, family BIGINT NOT NULL)
;;
-- version 8: shared rate-limit buckets
CREATE TABLE rate_buckets (org_id BIGINT NOT NULL, client_id BIGINT NOT NULL, tokens REAL NOT NULL, updated_at REAL NOT NULL, granted BIGINT NOT NULL, PRIMARY KEY (org_id, client_id))
;;
-- version 9: background jobs
CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, payload TEXT NOT NULL DEFAULT '{}', state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')), run_at BIGINT NOT NULL, attempts BIGINT NOT NULL DEFAULT 0, claimed_by TEXT, lease_until BIGINT, finished_at BIGINT, last_error TEXT, unique_key TEXT UNIQUE, created_at TEXT NOT NULL)
;;
CREATE INDEX jobs_due ON jobs (state, run_at)
;;
-- version 10: oauth login tickets, shared by the nodes
CREATE TABLE oauth_login_tickets (ticket_hash TEXT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES users(id), expires_at BIGINT NOT NULL)
;;
-- version 11: resource counts in shards (concurrent writers need not queue on one row)
CREATE TABLE resource_counts_sharded (org_id BIGINT NOT NULL REFERENCES organizations(id), resource TEXT NOT NULL, shard BIGINT NOT NULL, n BIGINT NOT NULL, removals BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (org_id, resource, shard))
;;
INSERT INTO resource_counts_sharded (org_id, resource, shard, n, removals) SELECT org_id, resource, 0, n, removals FROM resource_counts
;;
DROP TABLE resource_counts
;;
ALTER TABLE resource_counts_sharded RENAME TO resource_counts
;;
-- version 12: quality resources and inventory; external ids; organization settings
CREATE TABLE part_types (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  is_active BIGINT,
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT part_types_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX part_types_org_id ON part_types (org_id, id)
;;
CREATE INDEX part_types_org_name ON part_types (org_id, name)
;;
CREATE TABLE customers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  primary_name TEXT,
  primary_email TEXT,
  primary_phone TEXT,
  primary_position TEXT,
  secondary_name TEXT,
  secondary_email TEXT,
  secondary_phone TEXT,
  secondary_position TEXT,
  street TEXT,
  city TEXT,
  province TEXT,
  country TEXT,
  postal_code TEXT,
  custom_field_1 TEXT,
  custom_field_2 TEXT,
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT customers_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX customers_org_id ON customers (org_id, id)
;;
CREATE INDEX customers_org_name ON customers (org_id, name)
;;
CREATE INDEX customers_org_city ON customers (org_id, city)
;;
CREATE INDEX customers_org_province ON customers (org_id, province)
;;
CREATE INDEX customers_org_country ON customers (org_id, country)
;;
CREATE TABLE employees (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  first_name TEXT NOT NULL,
  last_name TEXT,
  is_active BIGINT,
  position TEXT,
  phone_number TEXT,
  email_address TEXT,
  address TEXT,
  next_review_date TEXT,
  review_repeat_duration TEXT CHECK (review_repeat_duration IN ('Days', 'Weeks', 'Months')),
  review_repeat_frequency BIGINT,
  notes TEXT,
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT employees_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX employees_org_id ON employees (org_id, id)
;;
CREATE INDEX employees_org_first_name ON employees (org_id, first_name)
;;
CREATE INDEX employees_org_last_name ON employees (org_id, last_name)
;;
CREATE INDEX employees_org_next_review_date ON employees (org_id, next_review_date)
;;
CREATE TABLE locations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  is_active BIGINT,
  kind TEXT CHECK (kind IN ('warehouse', 'zone', 'bin')),
  parent_location_id BIGINT REFERENCES locations(id),
  address TEXT,
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT locations_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX locations_org_id ON locations (org_id, id)
;;
CREATE INDEX locations_org_name ON locations (org_id, name)
;;
CREATE INDEX locations_org_parent_location_id ON locations (org_id, parent_location_id)
;;
CREATE TABLE specifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  identification TEXT NOT NULL,
  name TEXT NOT NULL,
  part_id BIGINT REFERENCES parts(id),
  revision TEXT,
  notes TEXT,
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT specifications_identification_key UNIQUE (org_id, identification),
  CONSTRAINT specifications_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX specifications_org_id ON specifications (org_id, id)
;;
CREATE INDEX specifications_org_name ON specifications (org_id, name)
;;
CREATE INDEX specifications_org_part_id ON specifications (org_id, part_id)
;;
CREATE TABLE specification_characteristics (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  specification_id BIGINT NOT NULL REFERENCES specifications(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT CHECK (kind IN ('measured', 'attribute')),
  nominal DOUBLE PRECISION,
  lower_limit DOUBLE PRECISION,
  upper_limit DOUBLE PRECISION,
  unit TEXT,
  "order" BIGINT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
)
;;
CREATE INDEX specification_characteristics_org_id ON specification_characteristics (org_id, id)
;;
CREATE INDEX specification_characteristics_parent ON specification_characteristics (specification_id, id)
;;
CREATE TABLE inspections (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  entity_id BIGINT,
  entity_type TEXT CHECK (entity_type IN ('part', 'equipment')),
  drawing_id BIGINT REFERENCES specifications(id),
  sample_size BIGINT,
  is_create_batch_records BIGINT,
  passed BIGINT,
  override_reason TEXT,
  status TEXT CHECK (status IN ('in_progress', 'completed')),
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT inspections_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX inspections_org_id ON inspections (org_id, id)
;;
CREATE INDEX inspections_org_entity_id ON inspections (org_id, entity_id)
;;
CREATE INDEX inspections_org_drawing_id ON inspections (org_id, drawing_id)
;;
CREATE TABLE inspection_samples (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  inspection_id BIGINT NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  sample_serial TEXT,
  sample_number BIGINT,
  results TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
)
;;
CREATE INDEX inspection_samples_org_id ON inspection_samples (org_id, id)
;;
CREATE INDEX inspection_samples_parent ON inspection_samples (inspection_id, id)
;;
CREATE TABLE receiving_inspections (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  supplier_id BIGINT REFERENCES suppliers(id),
  serial_number TEXT,
  po_number TEXT,
  requested_shipment_arrival_date TEXT,
  actual_arrival_date TEXT,
  is_closed BIGINT,
  is_quarantined BIGINT,
  total_order_quantity BIGINT,
  is_receive_all_items BIGINT,
  notes TEXT,
  status TEXT CHECK (status IN ('open', 'closed')),
  location_id BIGINT REFERENCES locations(id),
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT receiving_inspections_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX receiving_inspections_org_id ON receiving_inspections (org_id, id)
;;
CREATE INDEX receiving_inspections_org_supplier_id ON receiving_inspections (org_id, supplier_id)
;;
CREATE INDEX receiving_inspections_org_po_number ON receiving_inspections (org_id, po_number)
;;
CREATE INDEX receiving_inspections_org_requested_shipment_arrival_date ON receiving_inspections (org_id, requested_shipment_arrival_date)
;;
CREATE INDEX receiving_inspections_org_actual_arrival_date ON receiving_inspections (org_id, actual_arrival_date)
;;
CREATE INDEX receiving_inspections_org_location_id ON receiving_inspections (org_id, location_id)
;;
CREATE TABLE receiving_inspection_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  receiving_inspection_id BIGINT NOT NULL REFERENCES receiving_inspections(id) ON DELETE CASCADE,
  part_id BIGINT REFERENCES parts(id),
  quantity_accepted BIGINT,
  quantity_rejected BIGINT,
  unit_of_measure TEXT,
  serial_number TEXT,
  "order" BIGINT,
  is_active_batch BIGINT,
  cost DOUBLE PRECISION,
  received_date TEXT,
  drawing_id BIGINT REFERENCES specifications(id),
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
)
;;
CREATE INDEX receiving_inspection_items_org_id ON receiving_inspection_items (org_id, id)
;;
CREATE INDEX receiving_inspection_items_parent ON receiving_inspection_items (receiving_inspection_id, id)
;;
CREATE INDEX receiving_inspection_items_org_part_id ON receiving_inspection_items (org_id, part_id)
;;
CREATE INDEX receiving_inspection_items_org_drawing_id ON receiving_inspection_items (org_id, drawing_id)
;;
CREATE TABLE lab_results (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  specification_id BIGINT REFERENCES specifications(id),
  testing_id TEXT,
  testing_date TEXT,
  inspector_name TEXT,
  batch_number TEXT,
  package_id TEXT,
  product_name TEXT,
  lab_data TEXT,
  result TEXT CHECK (result IN ('pass', 'fail', 'pending')),
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT lab_results_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX lab_results_org_id ON lab_results (org_id, id)
;;
CREATE INDEX lab_results_org_specification_id ON lab_results (org_id, specification_id)
;;
CREATE INDEX lab_results_org_testing_id ON lab_results (org_id, testing_id)
;;
CREATE INDEX lab_results_org_testing_date ON lab_results (org_id, testing_date)
;;
CREATE INDEX lab_results_org_batch_number ON lab_results (org_id, batch_number)
;;
CREATE TABLE ncrs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  ncr_number TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('internal', 'customer', 'supplier')),
  status TEXT CHECK (status IN ('open', 'investigating', 'closed')),
  lot_number TEXT,
  quantity BIGINT,
  description TEXT,
  immediate_action TEXT,
  is_root_cause_determined BIGINT,
  has_incomplete_action_items BIGINT,
  has_unread_notes BIGINT,
  part_id BIGINT REFERENCES parts(id),
  supplier_id BIGINT REFERENCES suppliers(id),
  complaint_id BIGINT,
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT ncrs_ncr_number_key UNIQUE (org_id, ncr_number),
  CONSTRAINT ncrs_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX ncrs_org_id ON ncrs (org_id, id)
;;
CREATE INDEX ncrs_org_part_id ON ncrs (org_id, part_id)
;;
CREATE INDEX ncrs_org_supplier_id ON ncrs (org_id, supplier_id)
;;
CREATE TABLE ncr_signatures (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  ncr_id BIGINT NOT NULL REFERENCES ncrs(id) ON DELETE CASCADE,
  user_id BIGINT,
  signed_at TEXT,
  reason TEXT,
  action TEXT,
  changed_fields TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
)
;;
CREATE INDEX ncr_signatures_org_id ON ncr_signatures (org_id, id)
;;
CREATE INDEX ncr_signatures_parent ON ncr_signatures (ncr_id, id)
;;
CREATE TABLE cars (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  car_number TEXT NOT NULL,
  ncr_id BIGINT REFERENCES ncrs(id),
  supplier_id BIGINT REFERENCES suppliers(id),
  status TEXT CHECK (status IN ('open', 'in_progress', 'verification', 'closed')),
  root_cause TEXT,
  corrective_action TEXT,
  preventive_action TEXT,
  due_date TEXT,
  owner_id BIGINT REFERENCES employees(id),
  verified_at TEXT,
  verified_by BIGINT,
  closed_at TEXT,
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT cars_car_number_key UNIQUE (org_id, car_number),
  CONSTRAINT cars_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX cars_org_id ON cars (org_id, id)
;;
CREATE INDEX cars_org_ncr_id ON cars (org_id, ncr_id)
;;
CREATE INDEX cars_org_supplier_id ON cars (org_id, supplier_id)
;;
CREATE INDEX cars_org_due_date ON cars (org_id, due_date)
;;
CREATE INDEX cars_org_owner_id ON cars (org_id, owner_id)
;;
CREATE TABLE complaints (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  complaint_number TEXT NOT NULL,
  complaint_date TEXT NOT NULL,
  part_id BIGINT REFERENCES parts(id),
  error_code_id BIGINT,
  received_by TEXT,
  received_via TEXT,
  strain_name TEXT,
  batch_number TEXT,
  store_info TEXT,
  comments TEXT,
  complainant_full_name TEXT,
  complainant_address TEXT,
  complainant_phone TEXT,
  complainant_email TEXT,
  complainant_fax TEXT,
  status TEXT CHECK (status IN ('open', 'investigating', 'closed')),
  ncr_id BIGINT REFERENCES ncrs(id),
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT complaints_complaint_number_key UNIQUE (org_id, complaint_number),
  CONSTRAINT complaints_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX complaints_org_id ON complaints (org_id, id)
;;
CREATE INDEX complaints_org_complaint_date ON complaints (org_id, complaint_date)
;;
CREATE INDEX complaints_org_part_id ON complaints (org_id, part_id)
;;
CREATE INDEX complaints_org_ncr_id ON complaints (org_id, ncr_id)
;;
CREATE TABLE inventory (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  part_id BIGINT NOT NULL REFERENCES parts(id),
  location_id BIGINT NOT NULL REFERENCES locations(id),
  on_hand BIGINT,
  allocated BIGINT,
  available BIGINT,
  item_name TEXT,
  linked_location_ids TEXT,
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT inventory_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX inventory_org_id ON inventory (org_id, id)
;;
CREATE INDEX inventory_org_part_id ON inventory (org_id, part_id)
;;
CREATE INDEX inventory_org_location_id ON inventory (org_id, location_id)
;;
CREATE UNIQUE INDEX inventory_part_id_location_id_key ON inventory (org_id, part_id, location_id)
;;
CREATE TABLE stock_operations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  kind TEXT NOT NULL CHECK (kind IN ('adjust', 'transfer')),
  part_id BIGINT NOT NULL REFERENCES parts(id),
  location_id BIGINT REFERENCES locations(id),
  from_location_id BIGINT REFERENCES locations(id),
  to_location_id BIGINT REFERENCES locations(id),
  quantity BIGINT NOT NULL,
  reason TEXT,
  idempotency_key TEXT,
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT stock_operations_idempotency_key_key UNIQUE (org_id, idempotency_key),
  CONSTRAINT stock_operations_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX stock_operations_org_id ON stock_operations (org_id, id)
;;
CREATE INDEX stock_operations_org_part_id ON stock_operations (org_id, part_id)
;;
CREATE INDEX stock_operations_org_location_id ON stock_operations (org_id, location_id)
;;
CREATE INDEX stock_operations_org_from_location_id ON stock_operations (org_id, from_location_id)
;;
CREATE INDEX stock_operations_org_to_location_id ON stock_operations (org_id, to_location_id)
;;
ALTER TABLE companies ADD COLUMN external_id TEXT
;;
CREATE UNIQUE INDEX companies_external_id_key ON companies (org_id, external_id)
;;
ALTER TABLE suppliers ADD COLUMN external_id TEXT
;;
CREATE UNIQUE INDEX suppliers_external_id_key ON suppliers (org_id, external_id)
;;
ALTER TABLE parts ADD COLUMN part_type_id BIGINT REFERENCES part_types(id)
;;
CREATE INDEX parts_org_part_type_id ON parts (org_id, part_type_id)
;;
ALTER TABLE parts ADD COLUMN external_id TEXT
;;
CREATE UNIQUE INDEX parts_external_id_key ON parts (org_id, external_id)
;;
CREATE TABLE organization_settings (org_id BIGINT PRIMARY KEY REFERENCES organizations(id), ncr_esignature_required BIGINT NOT NULL DEFAULT 0, ncr_esignature_reason_required BIGINT NOT NULL DEFAULT 0)
;;
-- version 13: operations: products, skus, purchase orders, orders, shipments, invoices, payments, credit notes, pick and receiving tickets; stock of SKUs
CREATE TABLE products (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  style_number TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  brand TEXT,
  season TEXT,
  category TEXT,
  supplier_id BIGINT REFERENCES suppliers(id),
  currency TEXT,
  wholesale_price BIGINT,
  retail_price BIGINT,
  status TEXT CHECK (status IN ('active', 'discontinued')),
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT products_style_number_key UNIQUE (org_id, style_number),
  CONSTRAINT products_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX products_org_id ON products (org_id, id)
;;
CREATE INDEX products_org_name ON products (org_id, name)
;;
CREATE INDEX products_org_brand ON products (org_id, brand)
;;
CREATE INDEX products_org_season ON products (org_id, season)
;;
CREATE INDEX products_org_category ON products (org_id, category)
;;
CREATE INDEX products_org_supplier_id ON products (org_id, supplier_id)
;;
CREATE TABLE skus (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  product_id BIGINT NOT NULL REFERENCES products(id),
  sku TEXT NOT NULL,
  color TEXT,
  size TEXT,
  barcode TEXT,
  currency TEXT,
  price BIGINT,
  weight BIGINT,
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT skus_sku_key UNIQUE (org_id, sku),
  CONSTRAINT skus_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX skus_org_id ON skus (org_id, id)
;;
CREATE INDEX skus_org_product_id ON skus (org_id, product_id)
;;
CREATE INDEX skus_org_color ON skus (org_id, color)
;;
CREATE INDEX skus_org_size ON skus (org_id, size)
;;
CREATE INDEX skus_org_barcode ON skus (org_id, barcode)
;;
CREATE TABLE purchase_orders (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  po_number TEXT NOT NULL,
  opo_number TEXT,
  client_id TEXT,
  supplier_id BIGINT REFERENCES suppliers(id),
  factory_id BIGINT REFERENCES suppliers(id),
  product_line_id TEXT,
  po_type TEXT,
  delivery_date TEXT,
  in_store_date TEXT,
  ship_end_date TEXT,
  currency TEXT,
  status TEXT CHECK (status IN ('open', 'confirmed', 'closed', 'canceled')),
  total_quantity BIGINT,
  received_quantity BIGINT,
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT purchase_orders_po_number_key UNIQUE (org_id, po_number),
  CONSTRAINT purchase_orders_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX purchase_orders_org_id ON purchase_orders (org_id, id)
;;
CREATE INDEX purchase_orders_org_supplier_id ON purchase_orders (org_id, supplier_id)
;;
CREATE INDEX purchase_orders_org_factory_id ON purchase_orders (org_id, factory_id)
;;
CREATE INDEX purchase_orders_org_delivery_date ON purchase_orders (org_id, delivery_date)
;;
CREATE TABLE purchase_order_styles (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  purchase_order_id BIGINT NOT NULL REFERENCES purchase_orders(id) ON DELETE CASCADE,
  style_id TEXT,
  style_name TEXT,
  product_category_id TEXT,
  brand_id TEXT,
  product_id BIGINT REFERENCES products(id),
  solids TEXT,
  assortments TEXT,
  quantity BIGINT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
)
;;
CREATE INDEX purchase_order_styles_org_id ON purchase_order_styles (org_id, id)
;;
CREATE INDEX purchase_order_styles_parent ON purchase_order_styles (purchase_order_id, id)
;;
CREATE INDEX purchase_order_styles_org_product_id ON purchase_order_styles (org_id, product_id)
;;
CREATE TABLE orders (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  order_number TEXT,
  po_number TEXT,
  contact_id BIGINT REFERENCES customers(id),
  order_date TEXT,
  serial_number TEXT,
  is_closed BIGINT,
  supplier_id BIGINT REFERENCES suppliers(id),
  ship_to_name TEXT,
  ship_to_street TEXT,
  ship_to_city TEXT,
  ship_to_province TEXT,
  ship_to_postal_code TEXT,
  ship_to_country TEXT,
  ship_to_phone TEXT,
  ship_to_email TEXT,
  currency TEXT,
  total BIGINT,
  status TEXT CHECK (status IN ('open', 'allocated', 'partially_shipped', 'shipped', 'closed', 'cancelled')),
  fulfillment_status TEXT CHECK (fulfillment_status IN ('unfulfilled', 'partial', 'fulfilled')),
  financial_status TEXT CHECK (financial_status IN ('pending', 'partially_paid', 'paid', 'voided')),
  allocated_location_id BIGINT REFERENCES locations(id),
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT orders_order_number_key UNIQUE (org_id, order_number),
  CONSTRAINT orders_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX orders_org_id ON orders (org_id, id)
;;
CREATE INDEX orders_org_po_number ON orders (org_id, po_number)
;;
CREATE INDEX orders_org_contact_id ON orders (org_id, contact_id)
;;
CREATE INDEX orders_org_order_date ON orders (org_id, order_date)
;;
CREATE INDEX orders_org_supplier_id ON orders (org_id, supplier_id)
;;
CREATE INDEX orders_org_allocated_location_id ON orders (org_id, allocated_location_id)
;;
CREATE TABLE order_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  order_id BIGINT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  part_id BIGINT REFERENCES parts(id),
  sku_id BIGINT REFERENCES skus(id),
  quantity BIGINT NOT NULL,
  price BIGINT,
  serial_number TEXT,
  drawing_id BIGINT REFERENCES specifications(id),
  is_low_inventory BIGINT,
  is_low_materials BIGINT,
  "order" BIGINT,
  quantity_allocated BIGINT,
  quantity_shipped BIGINT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
)
;;
CREATE INDEX order_items_org_id ON order_items (org_id, id)
;;
CREATE INDEX order_items_parent ON order_items (order_id, id)
;;
CREATE INDEX order_items_org_part_id ON order_items (org_id, part_id)
;;
CREATE INDEX order_items_org_sku_id ON order_items (org_id, sku_id)
;;
CREATE INDEX order_items_org_drawing_id ON order_items (org_id, drawing_id)
;;
CREATE TABLE shipments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  requested_ship_date TEXT,
  actual_ship_date TEXT,
  po_number TEXT,
  contact_id BIGINT REFERENCES customers(id),
  order_id BIGINT REFERENCES orders(id),
  notes TEXT,
  is_ship_all_items BIGINT,
  carrier TEXT,
  tracking_number TEXT,
  status TEXT CHECK (status IN ('open', 'closed')),
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT shipments_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX shipments_org_id ON shipments (org_id, id)
;;
CREATE INDEX shipments_org_requested_ship_date ON shipments (org_id, requested_ship_date)
;;
CREATE INDEX shipments_org_actual_ship_date ON shipments (org_id, actual_ship_date)
;;
CREATE INDEX shipments_org_po_number ON shipments (org_id, po_number)
;;
CREATE INDEX shipments_org_contact_id ON shipments (org_id, contact_id)
;;
CREATE INDEX shipments_org_order_id ON shipments (org_id, order_id)
;;
CREATE INDEX shipments_org_carrier ON shipments (org_id, carrier)
;;
CREATE INDEX shipments_org_tracking_number ON shipments (org_id, tracking_number)
;;
CREATE TABLE shipment_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  shipment_id BIGINT NOT NULL REFERENCES shipments(id) ON DELETE CASCADE,
  part_id BIGINT REFERENCES parts(id),
  sku_id BIGINT REFERENCES skus(id),
  quantity BIGINT,
  serial_number TEXT,
  drawing_id BIGINT REFERENCES specifications(id),
  "order" BIGINT,
  order_item_id BIGINT REFERENCES order_items(id),
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
)
;;
CREATE INDEX shipment_items_org_id ON shipment_items (org_id, id)
;;
CREATE INDEX shipment_items_parent ON shipment_items (shipment_id, id)
;;
CREATE INDEX shipment_items_org_part_id ON shipment_items (org_id, part_id)
;;
CREATE INDEX shipment_items_org_sku_id ON shipment_items (org_id, sku_id)
;;
CREATE INDEX shipment_items_org_drawing_id ON shipment_items (org_id, drawing_id)
;;
CREATE INDEX shipment_items_org_order_item_id ON shipment_items (org_id, order_item_id)
;;
CREATE TABLE invoices (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  invoice_number TEXT NOT NULL,
  order_id BIGINT REFERENCES orders(id),
  contact_id BIGINT REFERENCES customers(id),
  currency TEXT,
  total BIGINT,
  amount_paid BIGINT,
  balance BIGINT,
  due_date TEXT,
  status TEXT CHECK (status IN ('draft', 'open', 'partially_paid', 'paid', 'void')),
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT invoices_invoice_number_key UNIQUE (org_id, invoice_number),
  CONSTRAINT invoices_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX invoices_org_id ON invoices (org_id, id)
;;
CREATE INDEX invoices_org_order_id ON invoices (org_id, order_id)
;;
CREATE INDEX invoices_org_contact_id ON invoices (org_id, contact_id)
;;
CREATE INDEX invoices_org_due_date ON invoices (org_id, due_date)
;;
CREATE TABLE invoice_lines (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  invoice_id BIGINT NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
  description TEXT,
  sku_id BIGINT REFERENCES skus(id),
  part_id BIGINT REFERENCES parts(id),
  quantity BIGINT NOT NULL,
  unit_price BIGINT NOT NULL,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
)
;;
CREATE INDEX invoice_lines_org_id ON invoice_lines (org_id, id)
;;
CREATE INDEX invoice_lines_parent ON invoice_lines (invoice_id, id)
;;
CREATE INDEX invoice_lines_org_sku_id ON invoice_lines (org_id, sku_id)
;;
CREATE INDEX invoice_lines_org_part_id ON invoice_lines (org_id, part_id)
;;
CREATE TABLE credit_notes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  contact_id BIGINT REFERENCES customers(id),
  currency TEXT,
  amount BIGINT NOT NULL,
  remaining BIGINT,
  source_payment_id BIGINT,
  source_invoice_id BIGINT,
  reason TEXT,
  status TEXT CHECK (status IN ('open', 'applied', 'void')),
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT credit_notes_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX credit_notes_org_id ON credit_notes (org_id, id)
;;
CREATE INDEX credit_notes_org_contact_id ON credit_notes (org_id, contact_id)
;;
CREATE TABLE payments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  invoice_id BIGINT NOT NULL REFERENCES invoices(id),
  amount BIGINT NOT NULL,
  currency TEXT,
  method TEXT CHECK (method IN ('bank_transfer', 'card', 'cash', 'check', 'other')),
  reference TEXT,
  received_at TEXT,
  applied BIGINT,
  credit_note_id BIGINT REFERENCES credit_notes(id),
  status TEXT CHECK (status IN ('posted', 'voided')),
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT payments_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX payments_org_id ON payments (org_id, id)
;;
CREATE INDEX payments_org_invoice_id ON payments (org_id, invoice_id)
;;
CREATE INDEX payments_org_reference ON payments (org_id, reference)
;;
CREATE INDEX payments_org_received_at ON payments (org_id, received_at)
;;
CREATE INDEX payments_org_credit_note_id ON payments (org_id, credit_note_id)
;;
CREATE TABLE pick_tickets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  order_id BIGINT NOT NULL REFERENCES orders(id),
  location_id BIGINT NOT NULL REFERENCES locations(id),
  status TEXT CHECK (status IN ('open', 'picking', 'shipped', 'cancelled')),
  carrier TEXT,
  tracking_number TEXT,
  shipment_id BIGINT REFERENCES shipments(id),
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT pick_tickets_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX pick_tickets_org_id ON pick_tickets (org_id, id)
;;
CREATE INDEX pick_tickets_org_order_id ON pick_tickets (org_id, order_id)
;;
CREATE INDEX pick_tickets_org_location_id ON pick_tickets (org_id, location_id)
;;
CREATE INDEX pick_tickets_org_shipment_id ON pick_tickets (org_id, shipment_id)
;;
CREATE TABLE pick_ticket_lines (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  pick_ticket_id BIGINT NOT NULL REFERENCES pick_tickets(id) ON DELETE CASCADE,
  order_item_id BIGINT NOT NULL REFERENCES order_items(id),
  quantity BIGINT NOT NULL,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
)
;;
CREATE INDEX pick_ticket_lines_org_id ON pick_ticket_lines (org_id, id)
;;
CREATE INDEX pick_ticket_lines_parent ON pick_ticket_lines (pick_ticket_id, id)
;;
CREATE INDEX pick_ticket_lines_org_order_item_id ON pick_ticket_lines (org_id, order_item_id)
;;
CREATE TABLE receiving_tickets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  purchase_order_id BIGINT REFERENCES purchase_orders(id),
  supplier_id BIGINT REFERENCES suppliers(id),
  location_id BIGINT NOT NULL REFERENCES locations(id),
  expected_date TEXT,
  status TEXT CHECK (status IN ('open', 'received', 'cancelled')),
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT receiving_tickets_external_id_key UNIQUE (org_id, external_id)
)
;;
CREATE INDEX receiving_tickets_org_id ON receiving_tickets (org_id, id)
;;
CREATE INDEX receiving_tickets_org_purchase_order_id ON receiving_tickets (org_id, purchase_order_id)
;;
CREATE INDEX receiving_tickets_org_supplier_id ON receiving_tickets (org_id, supplier_id)
;;
CREATE INDEX receiving_tickets_org_location_id ON receiving_tickets (org_id, location_id)
;;
CREATE INDEX receiving_tickets_org_expected_date ON receiving_tickets (org_id, expected_date)
;;
CREATE TABLE receiving_ticket_lines (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  receiving_ticket_id BIGINT NOT NULL REFERENCES receiving_tickets(id) ON DELETE CASCADE,
  sku_id BIGINT REFERENCES skus(id),
  part_id BIGINT REFERENCES parts(id),
  expected BIGINT NOT NULL,
  received BIGINT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
)
;;
CREATE INDEX receiving_ticket_lines_org_id ON receiving_ticket_lines (org_id, id)
;;
CREATE INDEX receiving_ticket_lines_parent ON receiving_ticket_lines (receiving_ticket_id, id)
;;
CREATE INDEX receiving_ticket_lines_org_sku_id ON receiving_ticket_lines (org_id, sku_id)
;;
CREATE INDEX receiving_ticket_lines_org_part_id ON receiving_ticket_lines (org_id, part_id)
;;
CREATE TABLE inventory_rebuilt (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  part_id BIGINT REFERENCES parts(id),
  location_id BIGINT NOT NULL REFERENCES locations(id),
  on_hand BIGINT,
  allocated BIGINT,
  available BIGINT,
  item_name TEXT,
  linked_location_ids TEXT,
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  sku_id BIGINT REFERENCES skus(id),
  CONSTRAINT inventory_external_id_key UNIQUE (org_id, external_id)
)
;;
INSERT INTO inventory_rebuilt (id, org_id, part_id, location_id, on_hand, allocated, available, item_name, linked_location_ids, external_id, doc, created_at, updated_at) SELECT id, org_id, part_id, location_id, on_hand, allocated, available, item_name, linked_location_ids, external_id, doc, created_at, updated_at FROM inventory
;;
DROP TABLE inventory
;;
ALTER TABLE inventory_rebuilt RENAME TO inventory
;;
CREATE INDEX inventory_org_id ON inventory (org_id, id)
;;
CREATE INDEX inventory_org_part_id ON inventory (org_id, part_id)
;;
CREATE INDEX inventory_org_sku_id ON inventory (org_id, sku_id)
;;
CREATE INDEX inventory_org_location_id ON inventory (org_id, location_id)
;;
CREATE UNIQUE INDEX inventory_part_id_location_id_key ON inventory (org_id, part_id, location_id)
;;
CREATE UNIQUE INDEX inventory_sku_id_location_id_key ON inventory (org_id, sku_id, location_id)
;;
CREATE TABLE stock_operations_rebuilt (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  kind TEXT NOT NULL CHECK (kind IN ('adjust', 'transfer')),
  part_id BIGINT REFERENCES parts(id),
  location_id BIGINT REFERENCES locations(id),
  from_location_id BIGINT REFERENCES locations(id),
  to_location_id BIGINT REFERENCES locations(id),
  quantity BIGINT NOT NULL,
  reason TEXT,
  idempotency_key TEXT,
  external_id TEXT,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  sku_id BIGINT REFERENCES skus(id),
  CONSTRAINT stock_operations_idempotency_key_key UNIQUE (org_id, idempotency_key),
  CONSTRAINT stock_operations_external_id_key UNIQUE (org_id, external_id)
)
;;
INSERT INTO stock_operations_rebuilt (id, org_id, kind, part_id, location_id, from_location_id, to_location_id, quantity, reason, idempotency_key, external_id, doc, created_at, updated_at) SELECT id, org_id, kind, part_id, location_id, from_location_id, to_location_id, quantity, reason, idempotency_key, external_id, doc, created_at, updated_at FROM stock_operations
;;
DROP TABLE stock_operations
;;
ALTER TABLE stock_operations_rebuilt RENAME TO stock_operations
;;
CREATE INDEX stock_operations_org_id ON stock_operations (org_id, id)
;;
CREATE INDEX stock_operations_org_part_id ON stock_operations (org_id, part_id)
;;
CREATE INDEX stock_operations_org_sku_id ON stock_operations (org_id, sku_id)
;;
CREATE INDEX stock_operations_org_location_id ON stock_operations (org_id, location_id)
;;
CREATE INDEX stock_operations_org_from_location_id ON stock_operations (org_id, from_location_id)
;;
CREATE INDEX stock_operations_org_to_location_id ON stock_operations (org_id, to_location_id)
;;
-- version 14: idempotency keys; indexes for cursor pages
CREATE TABLE idempotency_keys (org_id BIGINT NOT NULL REFERENCES organizations(id), user_id BIGINT NOT NULL, token_family BIGINT NOT NULL, idempotency_key TEXT NOT NULL, request_hash TEXT NOT NULL, status BIGINT NOT NULL, headers TEXT NOT NULL, body TEXT NOT NULL, expires_at BIGINT NOT NULL, PRIMARY KEY (org_id, user_id, token_family, idempotency_key))
;;
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at)
;;
CREATE INDEX part_types_org_created_at ON part_types (org_id, created_at, id)
;;
CREATE INDEX part_types_org_updated_at ON part_types (org_id, updated_at, id)
;;
CREATE INDEX companies_org_created_at ON companies (org_id, created_at, id)
;;
CREATE INDEX companies_org_updated_at ON companies (org_id, updated_at, id)
;;
CREATE INDEX customers_org_created_at ON customers (org_id, created_at, id)
;;
CREATE INDEX customers_org_updated_at ON customers (org_id, updated_at, id)
;;
CREATE INDEX suppliers_org_created_at ON suppliers (org_id, created_at, id)
;;
CREATE INDEX suppliers_org_updated_at ON suppliers (org_id, updated_at, id)
;;
CREATE INDEX employees_org_created_at ON employees (org_id, created_at, id)
;;
CREATE INDEX employees_org_updated_at ON employees (org_id, updated_at, id)
;;
CREATE INDEX locations_org_created_at ON locations (org_id, created_at, id)
;;
CREATE INDEX locations_org_updated_at ON locations (org_id, updated_at, id)
;;
CREATE INDEX parts_org_created_at ON parts (org_id, created_at, id)
;;
CREATE INDEX parts_org_updated_at ON parts (org_id, updated_at, id)
;;
CREATE INDEX specifications_org_created_at ON specifications (org_id, created_at, id)
;;
CREATE INDEX specifications_org_updated_at ON specifications (org_id, updated_at, id)
;;
CREATE INDEX inspections_org_created_at ON inspections (org_id, created_at, id)
;;
CREATE INDEX inspections_org_updated_at ON inspections (org_id, updated_at, id)
;;
CREATE INDEX receiving_inspections_org_created_at ON receiving_inspections (org_id, created_at, id)
;;
CREATE INDEX receiving_inspections_org_updated_at ON receiving_inspections (org_id, updated_at, id)
;;
CREATE INDEX lab_results_org_created_at ON lab_results (org_id, created_at, id)
;;
CREATE INDEX lab_results_org_updated_at ON lab_results (org_id, updated_at, id)
;;
CREATE INDEX ncrs_org_created_at ON ncrs (org_id, created_at, id)
;;
CREATE INDEX ncrs_org_updated_at ON ncrs (org_id, updated_at, id)
;;
CREATE INDEX cars_org_created_at ON cars (org_id, created_at, id)
;;
CREATE INDEX cars_org_updated_at ON cars (org_id, updated_at, id)
;;
CREATE INDEX complaints_org_created_at ON complaints (org_id, created_at, id)
;;
CREATE INDEX complaints_org_updated_at ON complaints (org_id, updated_at, id)
;;
CREATE INDEX products_org_created_at ON products (org_id, created_at, id)
;;
CREATE INDEX products_org_updated_at ON products (org_id, updated_at, id)
;;
CREATE INDEX skus_org_created_at ON skus (org_id, created_at, id)
;;
CREATE INDEX skus_org_updated_at ON skus (org_id, updated_at, id)
;;
CREATE INDEX inventory_org_created_at ON inventory (org_id, created_at, id)
;;
CREATE INDEX inventory_org_updated_at ON inventory (org_id, updated_at, id)
;;
CREATE INDEX stock_operations_org_created_at ON stock_operations (org_id, created_at, id)
;;
CREATE INDEX stock_operations_org_updated_at ON stock_operations (org_id, updated_at, id)
;;
CREATE INDEX purchase_orders_org_created_at ON purchase_orders (org_id, created_at, id)
;;
CREATE INDEX purchase_orders_org_updated_at ON purchase_orders (org_id, updated_at, id)
;;
CREATE INDEX orders_org_created_at ON orders (org_id, created_at, id)
;;
CREATE INDEX orders_org_updated_at ON orders (org_id, updated_at, id)
;;
CREATE INDEX shipments_org_created_at ON shipments (org_id, created_at, id)
;;
CREATE INDEX shipments_org_updated_at ON shipments (org_id, updated_at, id)
;;
CREATE INDEX invoices_org_created_at ON invoices (org_id, created_at, id)
;;
CREATE INDEX invoices_org_updated_at ON invoices (org_id, updated_at, id)
;;
CREATE INDEX credit_notes_org_created_at ON credit_notes (org_id, created_at, id)
;;
CREATE INDEX credit_notes_org_updated_at ON credit_notes (org_id, updated_at, id)
;;
CREATE INDEX payments_org_created_at ON payments (org_id, created_at, id)
;;
CREATE INDEX payments_org_updated_at ON payments (org_id, updated_at, id)
;;
CREATE INDEX pick_tickets_org_created_at ON pick_tickets (org_id, created_at, id)
;;
CREATE INDEX pick_tickets_org_updated_at ON pick_tickets (org_id, updated_at, id)
;;
CREATE INDEX receiving_tickets_org_created_at ON receiving_tickets (org_id, created_at, id)
;;
CREATE INDEX receiving_tickets_org_updated_at ON receiving_tickets (org_id, updated_at, id)
;;
-- version 15: events (the outbox) and webhook endpoints, secrets, messages and attempts
CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, org_id BIGINT NOT NULL REFERENCES organizations(id), seq BIGINT NOT NULL, type TEXT NOT NULL, resource TEXT NOT NULL, resource_id BIGINT NOT NULL, actor TEXT NOT NULL, object TEXT NOT NULL, changed TEXT, endpoint_id BIGINT, created_at TEXT NOT NULL, created_unix BIGINT NOT NULL, UNIQUE (org_id, seq))
;;
CREATE INDEX events_type ON events (org_id, type, seq)
;;
CREATE INDEX events_resource ON events (org_id, resource, resource_id, seq)
;;
CREATE INDEX events_age ON events (created_unix)
;;
CREATE TABLE event_sequences (org_id BIGINT PRIMARY KEY REFERENCES organizations(id), seq BIGINT NOT NULL)
;;
CREATE TABLE webhook_endpoints (id INTEGER PRIMARY KEY AUTOINCREMENT, org_id BIGINT NOT NULL REFERENCES organizations(id), url TEXT NOT NULL, description TEXT NOT NULL, event_types TEXT NOT NULL, filter TEXT, headers TEXT NOT NULL, enabled BIGINT NOT NULL, ordered BIGINT NOT NULL, rate_limit BIGINT NOT NULL, max_in_flight BIGINT NOT NULL, event_cursor BIGINT NOT NULL, paused_until BIGINT NOT NULL DEFAULT 0, failing_since BIGINT, disabled_reason TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
;;
CREATE INDEX webhook_endpoints_org ON webhook_endpoints (org_id, id)
;;
CREATE TABLE webhook_secrets (id INTEGER PRIMARY KEY AUTOINCREMENT, endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE, sealed TEXT NOT NULL, expires_at BIGINT, created_at TEXT NOT NULL)
;;
CREATE INDEX webhook_secrets_endpoint ON webhook_secrets (endpoint_id)
;;
CREATE TABLE webhook_messages (id INTEGER PRIMARY KEY AUTOINCREMENT, org_id BIGINT NOT NULL, endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE, event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE, seq BIGINT NOT NULL, status TEXT NOT NULL, attempts BIGINT NOT NULL DEFAULT 0, next_attempt_at BIGINT NOT NULL, claimed_until BIGINT NOT NULL DEFAULT 0, last_status_code BIGINT, created_at TEXT NOT NULL, UNIQUE (endpoint_id, event_id))
;;
CREATE INDEX webhook_messages_due ON webhook_messages (status, next_attempt_at)
;;
CREATE INDEX webhook_messages_order ON webhook_messages (endpoint_id, status, seq)
;;
CREATE TABLE webhook_attempts (id INTEGER PRIMARY KEY AUTOINCREMENT, org_id BIGINT NOT NULL, endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE, message_id BIGINT NOT NULL REFERENCES webhook_messages(id) ON DELETE CASCADE, event_id BIGINT NOT NULL, outcome TEXT NOT NULL, status_code BIGINT, duration_ms BIGINT NOT NULL, response TEXT NOT NULL, error TEXT NOT NULL, next_retry_at BIGINT, created_at TEXT NOT NULL)
;;
CREATE INDEX webhook_attempts_endpoint ON webhook_attempts (endpoint_id, id)
;;
-- version 16: webhooks: fair claims, cheap deletes, bounded rotation
CREATE INDEX webhook_messages_endpoint_due ON webhook_messages (endpoint_id, status, next_attempt_at, id)
;;
CREATE INDEX webhook_attempts_message ON webhook_attempts (message_id)
;;
CREATE INDEX webhook_messages_event ON webhook_messages (event_id)
;;
ALTER TABLE webhook_endpoints ADD COLUMN deleted_at BIGINT
;;
ALTER TABLE webhook_endpoints ADD COLUMN rate_full_at_us BIGINT NOT NULL DEFAULT 0
;;
ALTER TABLE webhook_endpoints ADD COLUMN rotations_full_at BIGINT NOT NULL DEFAULT 0
;;
