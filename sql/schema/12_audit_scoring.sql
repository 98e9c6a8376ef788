-- What audit targeting stores (src/schema/audit-scoring.ts): trained models and the latest scores.
-- Written by pipelines/audit-targeting.ts; the marts in sql/scored read them.

-- audit_models: key model_id
create table if not exists audit_models (
    model_id varchar not null,
    trained_at timestamp not null,
    training_from_date date not null,
    training_to_date date not null,
    validation_from_date date not null,
    scoring_from_date date not null,
    scoring_to_date date not null,
    count_training_rows integer not null,
    validation_auc double not null,
    model_json varchar not null
);

-- audit_scores: key declaration_id
create table if not exists audit_scores (
    model_id varchar not null,
    declaration_id varchar not null,
    fraud_probability double not null,
    predicted_revenue_twd double not null,
    expected_revenue_twd double not null,
    score double not null,
    score_rank integer not null,
    is_selected boolean not null,
    is_exploration boolean not null,
    reason_keys varchar not null,
    features_run_id integer
);
