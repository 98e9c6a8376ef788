// The cells of the latest trade statistics release (customs publish stats) at total, section and chapter level, as
// published: withheld cells have no value and conf_status C. Only a header when nothing has been released yet.
import { writeQueryAsCsv } from '../../loaders/warehouse-output.js';

await writeQueryAsCsv(`
    select strftime(month_date, '%Y-%m') as month, flow_code, commodity_level, commodity_code, partner_code,
        value_twd, value_usd, net_mass_kg, obs_status, conf_status
    from stat_release_cells
    where release_id = (select max(release_id) from stat_releases)
        and commodity_level in ('TOTAL', 'SECTION', 'HS2')
    order by month, flow_code, commodity_level, commodity_code, partner_code`);
