-- Run by an incremental run after it has replaced its months of fct_declaration_risk_features, in the same
-- transaction (src/db/run-models.ts, MART_REVISIONS): the split-shipment columns of the declarations lodged in the
-- 48 hours before its first month, whose windows reach into its months. The one revision new rows make to the
-- features of earlier months: every other feature is known when the declaration is lodged. int_split_shipments is
-- made from all declarations in every run.
update fct_declaration_risk_features as features
set
    count_parts_48h = revised.count_parts_48h,
    is_split_shipment_suspect = revised.is_split_shipment_suspect
from int_split_shipments as revised
where features.declaration_id = revised.declaration_id
    and revised.lodgement_at >= list_min(getvariable('run_months')::date[]) - interval 48 hour
    and revised.lodgement_at < list_min(getvariable('run_months')::date[])
    and features.lodgement_at >= list_min(getvariable('run_months')::date[]) - interval 48 hour
    and features.count_parts_48h <> revised.count_parts_48h
