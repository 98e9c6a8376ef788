-- Duty and tax assessments and payments.
-- Raw layer: loaded as received, after the rules in src/ingest. Keys are enforced by the loader
-- (no index constraints, so that bulk loads stay fast). Mirrors src/schema (checked by a test).

-- payments: key payment_id
create table if not exists payments (
    payment_id varchar not null,
    declaration_id varchar not null,
    assessed_date date not null,
    due_date date not null,
    paid_date date,
    duty_twd decimal(18,2) not null,
    business_tax_twd decimal(18,2) not null,
    commodity_tax_twd decimal(18,2) not null,
    amount_paid_twd decimal(18,2) not null,
    channel varchar
);
