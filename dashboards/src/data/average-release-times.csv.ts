// The published average release times (pub_average_release_times, WTO TFA Art. 7.6) as CSV, for download.
import { writeQueryAsCsv } from '../../loaders/warehouse-output.js';

await writeQueryAsCsv(`
    select strftime(month_date, '%Y-%m') as month, transport_mode_code, lane, count_released, count_extreme,
        count_not_released, mean_release_minutes, median_release_minutes, method
    from pub_average_release_times
    order by all`);
