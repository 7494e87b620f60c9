-- name: grade_counts
-- doc: Reports per grade and year, the grade as printed beside the grade the total score implies (优 >= 90, 良 80-90, 中 60-80, 差 < 60).
-- grain: one row per fiscal_year × grade (优, 良, 中, 差, and 未注明 for no grade / no score)
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
-- columns: fiscal_year, grade (优 | 良 | 中 | 差 | 未注明), grade_rank (1 = 优 … 5 = 未注明),
--   printed_count (reports printing this grade; 未注明: printing none),
--   implied_count (reports whose total score implies it; 未注明: no total score),
--   printed_share_pct, implied_share_pct (0-100, of the year's reports, 2 decimals),
--   printed_agree_count (of printed_count, reports whose score implies the same grade),
--   printed_disagree_count (of printed_count, reports whose score implies another grade)
with base as (
    select
        fiscal_year,
        coalesce(grade, '未注明') as grade_printed,
        coalesce(grade_implied, '未注明') as grade_from_score,
        grade is not null and grade_implied is not null as comparable
    from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
),

grades as (
    select *
    from (values ('优', 1), ('良', 2), ('中', 3), ('差', 4), ('未注明', 5)) as g (grade, grade_rank)
),

years as (
    select
        fiscal_year,
        count(*) as report_count
    from base
    group by fiscal_year
),

printed as (
    select
        fiscal_year,
        grade_printed as grade,
        count(*) as printed_count,
        count(*) filter (where comparable and grade_printed = grade_from_score) as agree_count,
        count(*) filter (where comparable and grade_printed <> grade_from_score) as disagree_count
    from base
    group by all
),

implied as (
    select
        fiscal_year,
        grade_from_score as grade,
        count(*) as implied_count
    from base
    group by all
),

final as (
    select
        y.fiscal_year as fiscal_year,
        g.grade as grade,
        g.grade_rank as grade_rank,
        coalesce(p.printed_count, 0) as printed_count,
        coalesce(i.implied_count, 0) as implied_count,
        round(coalesce(p.printed_count, 0) / y.report_count * 100, 2) as printed_share_pct,
        round(coalesce(i.implied_count, 0) / y.report_count * 100, 2) as implied_share_pct,
        coalesce(p.agree_count, 0) as printed_agree_count,
        coalesce(p.disagree_count, 0) as printed_disagree_count
    from years as y
    cross join grades as g
    left join printed as p
        on p.fiscal_year is not distinct from y.fiscal_year and p.grade = g.grade
    left join implied as i
        on i.fiscal_year is not distinct from y.fiscal_year and i.grade = g.grade
)

select *
from final
order by
    fiscal_year,
    grade_rank
