// Revenue: duty and taxes assessed and collected per month (fct_revenue_monthly), and arrears by age
// (fct_arrears_ageing).
import { requireTables } from '../plugins/database.js';
import type { QueryResult } from '../query-result.js';
import { Conditions } from './conditions.js';
import type { Snapshot } from '../warehouse-snapshots.js';

export async function revenue(snapshot: Snapshot, filter: { fromMonth?: string; toMonth?: string }): Promise<{ months: QueryResult; arrears: QueryResult }> {
    requireTables(snapshot, 'fct_revenue_monthly', 'fct_arrears_ageing');
    const where = new Conditions().monthRange(filter);
    const months = await snapshot.query(`
        select month_date, count_assessments, assessed_duty_twd, assessed_business_tax_twd, assessed_commodity_tax_twd,
            assessed_total_twd, collected_total_twd, count_paid, share_paid_electronically, mean_days_to_payment,
            median_days_to_payment, count_paid_late
        from fct_revenue_monthly
        where ${where.sql}
        order by month_date`, where.values);
    const arrears = await snapshot.query(`
        select bucket, as_of_date, count_assessments, outstanding_twd
        from fct_arrears_ageing
        order by bucket_order`);
    return { months, arrears };
}
