-- name: score_distribution
-- doc: How the total self-scores are spread: reports per score bin and year, bins cut at the grade borders, empty bins included.
-- grain: one row per fiscal_year × score bin (8 bins; years with at least one scored report)
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
-- columns: fiscal_year, bin_no (1-8, low to high), bin_label (<60, 60-70, 70-80, 80-85, 85-90,
--   90-95, 95-100, 100), bin_lower_score (points, inclusive), bin_upper_score (points, exclusive;
--   NULL for the last bin), grade_band (优 / 良 / 中 / 差: the grade every score in the bin implies),
--   report_count, share_pct (0-100, of the year's scored reports, 2 decimals)
--
-- Bins are cut at the grade borders (60 / 80 / 90) and finer above 80 where most self-scores sit;
-- exactly 100 has its own bin because a perfect self-score is what the audit looks at first.
with base as (
    select
        fiscal_year,
        total_score::double as score
    from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
    where total_score is not null
),

bins as (
    select *
    from (
        values
        (1, '<60', 0.0, 60.0, '差'),
        (2, '60-70', 60.0, 70.0, '中'),
        (3, '70-80', 70.0, 80.0, '中'),
        (4, '80-85', 80.0, 85.0, '良'),
        (5, '85-90', 85.0, 90.0, '良'),
        (6, '90-95', 90.0, 95.0, '优'),
        (7, '95-100', 95.0, 100.0, '优'),
        (8, '100', 100.0, null, '优')
    ) as b (bin_no, bin_label, bin_lower_score, bin_upper_score, grade_band)
),

years as (
    select
        fiscal_year,
        count(*) as scored_count
    from base
    group by fiscal_year
),

binned as (
    select
        fiscal_year,
        case
            when score < 60 then 1
            when score < 70 then 2
            when score < 80 then 3
            when score < 85 then 4
            when score < 90 then 5
            when score < 95 then 6
            when score < 100 then 7
            else 8
        end as bin_no,
        count(*) as report_count
    from base
    group by all
),

final as (
    select
        y.fiscal_year as fiscal_year,
        b.bin_no as bin_no,
        b.bin_label as bin_label,
        b.bin_lower_score::double as bin_lower_score,
        b.bin_upper_score::double as bin_upper_score,
        b.grade_band as grade_band,
        coalesce(n.report_count, 0) as report_count,
        round(coalesce(n.report_count, 0) / y.scored_count * 100, 2) as share_pct
    from years as y
    cross join bins as b
    left join binned as n on n.fiscal_year is not distinct from y.fiscal_year and n.bin_no = b.bin_no
)

select *
from final
order by
    fiscal_year,
    bin_no
