-- name: score_quantiles
-- doc: The spread of total self-scores as quantiles, per year, for the whole selection and per province, city and county, with the share of perfect and 优 scores.
-- grain: one row per fiscal_year × region_level (all | province | city | county) × region
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
-- columns: fiscal_year, region_level (all | province | city | county), region_province,
--   region_city, region_county, region_name (全部 for all; XX市本级 for a city's own units; 未知),
--   scored_count (reports stating a total score), min_score, p10_score, p25_score, median_score,
--   p75_score, p90_score, max_score, mean_score (points; quantiles interpolated, 4 decimals),
--   full_score_count (reports at 100), full_score_share_pct (0-100, 2 decimals),
--   excellent_share_pct (0-100, share scoring 90 or more, 2 decimals)
--
-- base is read once per level (not materialized: four scans of a few columns cost less than
-- storing and re-reading them)
with base as not materialized (
    select
        fiscal_year,
        region_province,
        region_city,
        region_county,
        total_score::double as score
    from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
    where total_score is not null
),

-- each scored report once per level: the whole year, its province, its city, its county
levels as (
    select
        fiscal_year,
        'all' as region_level,
        null::varchar as region_province,
        null::varchar as region_city,
        null::varchar as region_county,
        score
    from base
    union all
    select
        fiscal_year,
        'province',
        region_province,
        null,
        null,
        score
    from base
    union all
    select
        fiscal_year,
        'city',
        region_province,
        region_city,
        null,
        score
    from base
    union all
    select
        fiscal_year,
        'county',
        region_province,
        region_city,
        region_county,
        score
    from base
),

agg as (
    select
        fiscal_year,
        region_level,
        region_province,
        region_city,
        region_county,
        count(*) as scored_count,
        min(score) as min_score,
        -- the five quantiles from one pass over the group's scores, not five
        quantile_cont(score, [0.10, 0.25, 0.50, 0.75, 0.90]) as quantiles,
        max(score) as max_score,
        avg(score) as mean_score,
        count(*) filter (where score >= 100) as full_score_count,
        count(*) filter (where score >= 90) as excellent_count
    from levels
    group by fiscal_year, region_level, region_province, region_city, region_county
),

final as (
    select
        fiscal_year,
        region_level,
        region_province,
        region_city,
        region_county,
        region_label(region_level, region_province, region_city, region_county) as region_name,
        scored_count,
        round(min_score, 4) as min_score,
        round(quantiles[1], 4) as p10_score,
        round(quantiles[2], 4) as p25_score,
        round(quantiles[3], 4) as median_score,
        round(quantiles[4], 4) as p75_score,
        round(quantiles[5], 4) as p90_score,
        round(max_score, 4) as max_score,
        round(mean_score, 4) as mean_score,
        full_score_count,
        round(full_score_count / scored_count * 100, 2) as full_score_share_pct,
        round(excellent_count / scored_count * 100, 2) as excellent_share_pct
    from agg
)

select *
from final
order by
    fiscal_year,
    case region_level when 'all' then 0 when 'province' then 1 when 'city' then 2 else 3 end,
    region_province,
    region_city,
    region_county
