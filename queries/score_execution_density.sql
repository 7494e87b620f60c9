-- name: score_execution_density
-- doc: How the scopes of score_vs_execution crowd on the score × execution-rate plane, counted on a grid, so the scatter of 100,000 reports is drawn from a few hundred cells instead of every point.
-- grain: one row per grid cell holding at least one scope: execution rate in steps of 2 points (%), total score in steps of 1 point
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
-- columns: rate_bin_pct (the cell's centre: 1, 3, 5 … %), score_bin (its centre: 0.5, 1.5 … points),
--   scope_count (reports and projects in the cell, as score_vs_execution lists them)
select
    -- the rate as score_vs_execution prints it (4 decimals), so a point and its cell agree
    floor(round(s.execution_rate_used_pct, 4) / 2) * 2 + 1 as rate_bin_pct,
    floor(s.total_score::double) + 0.5 as score_bin,
    count(*) as scope_count
from scope_facts as s
semi join filtered_reports($years, $units, $province, $city, $county, $kind, $grade) as b
    on b.report_id = s.report_id
where s.total_score is not null and s.execution_rate_used_pct is not null
group by all
order by rate_bin_pct, score_bin
