-- one row per month × scope ('TOTAL' or an HS section) with both an export and an import price index:
-- terms of trade = export price index / import price index × 100 (Fisher, and Laspeyres and Paasche alike)
with

fct_trade_price_indices as (
    select * from fct_trade_price_indices
),

exports as (
    select * from fct_trade_price_indices where flow_code = 'X'
),

imports as (
    select * from fct_trade_price_indices where flow_code = 'M'
),

final as (
    select
        exports.month_date,
        exports.scope,
        100 * exports.fisher_price_index / imports.fisher_price_index as fisher_terms_of_trade,
        100 * exports.laspeyres_price_index / imports.laspeyres_price_index as laspeyres_terms_of_trade,
        100 * exports.paasche_price_index / imports.paasche_price_index as paasche_terms_of_trade,
        exports.fisher_price_index as export_fisher_price_index,
        imports.fisher_price_index as import_fisher_price_index,
    from exports
    inner join imports on exports.month_date = imports.month_date and exports.scope = imports.scope
)

select * from final
