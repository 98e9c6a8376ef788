-- The synthetic world's planted fraud (ground truth for measuring audit targeting).
-- Raw layer: loaded as received, after the rules in src/ingest. Keys are enforced by the loader
-- (no index constraints, so that bulk loads stay fast). Mirrors src/schema (checked by a test).

-- planted_fraud: key declaration_id, line_number, fraud_kind
create table if not exists planted_fraud (
    declaration_id varchar not null,
    line_number integer,
    fraud_kind varchar not null,
    trader_id varchar not null,
    declared_value_twd decimal(18,2) not null,
    true_value_twd decimal(18,2) not null,
    revenue_at_stake_twd decimal(18,2) not null,
    is_systematic_trader boolean not null
);
