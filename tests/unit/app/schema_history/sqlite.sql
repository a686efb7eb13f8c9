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
CREATE INDEX inventory_org_created_at ON inventory (org_id, created_at, id)
;;
CREATE INDEX inventory_org_updated_at ON inventory (org_id, updated_at, id)
;;
CREATE INDEX stock_operations_org_created_at ON stock_operations (org_id, created_at, id)
;;
CREATE INDEX stock_operations_org_updated_at ON stock_operations (org_id, updated_at, id)
;;
