-- Table audit_facts: every audit finding of every report, computed once per ingest (loaders.facts).
-- One row per finding: one check (code) failing for a report, a project in it or an indicator.
-- The named query audit_findings selects from it (reports, codes, local rule packs); the checks,
-- their tolerances and their reasons are all here. Columns: those of audit_findings, plus
-- severity_rank (1 high … 3 low), finding_order (the listing order), and the report's own filter
-- columns region_province, region_city, region_county and grade (as printed), so that the shared
-- report filter (report_selected) applies to a finding without a join.
-- Local rule packs (rule = local_execution_cap / local_easy_target_deduction) are computed for
-- every report and listed only when asked for:
--   local_execution_cap          a self-score capped by the execution rate: 70-80% → at most 89,
--                                60-70% → 79, below 60% → 69, below 50% → 59 (domain.md "Scoring
--                                rules": some provincial self-evaluation platforms; not national).
--   local_easy_target_deduction  −2 points for an actual that beats its target by 30% or more, the
--                                target having been set too low (domain.md "Scoring rules", same
--                                provincial practice; not national).
-- Tolerances are the `tolerances` CTE, each with its reason. A stated figure is compared with the
-- one derived from the report's other figures at the precision it is printed with
-- (agrees_as_printed in schema.sql), never with a fixed epsilon.
-- Not checkable from the stored data (see README "Measures"): budget parts other than the
-- expense items and projects (revenue sources, 基本支出 parts) come only from extractor warnings.
create or replace table audit_facts as
with tolerances as (
    select
        -- uniform_full_marks: below 5 scored indicators, all at full marks happens too often by
        -- chance to mean anything; 5 is the smallest standard form (产出, 效益, 满意度 × 1-2).
        5 as uniform_min_indicators,
        -- uniform rates: a report and at least 2 of its projects all at exactly 100%.
        3 as uniform_min_rates,
        -- easy_target and the local −2 rule: domain.md, "over-achievement of 30% or more".
        -- target_lowered also uses it: a target kept unchanged is sandbagging only once it was
        -- beaten by this much (a few % over a 98% target is no reason to raise it); a target
        -- lowered after being beaten at all always is.
        30.0 as easy_target_beat_pct,
        -- unit_scale_suspect: 元 read as 万元 puts a figure 10,000× off; no real execution rate or
        -- expense item is 1,000× its sibling, so 1,000× catches the slip with room for both
        -- figures' own errors.
        1000.0 as unit_scale_ratio,
        -- unit_scale_suspect on expense items: a median needs at least 3 siblings.
        3 as unit_scale_min_items,
        -- parts_mismatch on expense items: an itemisation has at least 2 items.
        2 as parts_min_items
),

-- Every report (the named query audit_findings applies the filters to the findings).
base as (
    select
        *,
        -- the reports' order in the listing as one number, so the findings sort on numbers
        row_number() over (order by fiscal_year, unit_canonical_name, report_id) as report_rank
    from filtered_reports(null, null, null, null, null, null, null)
),

scopes as (
    select
        s.*,
        b.subject,
        b.title
    from base as b
    inner join scope_facts as s on s.report_id = b.report_id
),

-- The indicators of every report, read once.
all_inds as (
    select
        i.*,
        a.unit_id,
        a.fiscal_year,
        coalesce(p.name, a.subject, a.title) as scope_name,
        coalesce(p.name, a.subject, '整体') as series_scope,
        coalesce(i.target, num_text(i.target_value)) as target_text,
        coalesce(i.actual, num_text(i.actual_value)) as actual_text
    from base as a
    inner join indicator_facts as i on i.report_id = a.report_id
    left join projects as p on p.report_id = i.report_id and p.project_no = i.project_no
),

inds as (
    select *
    from all_inds
),

report_warnings as (
    select
        w.*,
        s.scope_name
    from base as b
    inner join warnings as w on w.report_id = b.report_id
    inner join scope_facts as s on s.report_id = w.report_id and s.project_no is null
),

-- 1. Stated total ≠ Σ indicator scores + execution-rate points.
c_total_mismatch as (
    select
        report_id,
        project_no,
        scope_name,
        null::integer as indicator_no,
        null::varchar as indicator_name,
        'total_mismatch' as code,
        'high' as severity,
        'national' as rule,
        format(
            '自评总分{}分与按得分重算的{}分不一致：指标得分合计{}分 + 预算执行率得分{}分',
            num_text(total_score),
            num_text(total_recomputed),
            num_text(score_sum),
            num_text(total_recomputed - score_sum)
        ) as message,
        total_score::double as value_stated,
        total_recomputed as value_expected,
        [total_score::double, score_sum::double, total_recomputed - score_sum] as evidence_values,
        [score_line, rate_line] as lines
    from scopes
    where total_recomputed is not null and not agrees_as_printed(total_score, total_recomputed)
),

-- 2. Printed grade ≠ the grade the score implies.
c_grade_mismatch as (
    select
        report_id,
        project_no,
        scope_name,
        null::integer as indicator_no,
        null::varchar as indicator_name,
        'grade_mismatch' as code,
        'medium' as severity,
        'national' as rule,
        format(
            '评价等级为“{}”，但总分{}分对应的等级是“{}”（优≥90，良80–90，中60–80，差<60）',
            grade,
            num_text(total_score),
            grade_implied
        ) as message,
        total_score::double as value_stated,
        null::double as value_expected,
        [total_score::double] as evidence_values,
        [grade_line, score_line] as lines
    from scopes
    where grade is not null and grade_implied is not null and grade <> grade_implied
),

-- 3. More points than the execution rate allows with every indicator at full marks.
c_score_exceeds_execution as (
    select
        report_id,
        project_no,
        scope_name,
        null::integer as indicator_no,
        null::varchar as indicator_name,
        'score_exceeds_execution' as code,
        'high' as severity,
        'national' as rule,
        format(
            '预算执行率{}%，执行率部分最多得{}分，即使指标全部满分总分也只有{}分，自评却为{}分{}',
            num_text(execution_rate_used_pct),
            num_text(execution_weight * least(execution_rate_used_pct, 100) / 100),
            num_text(score_ceiling),
            num_text(total_score),
            case
                when execution_weight_basis = 'standard'
                    then '（报告未列分值，执行率按财预〔2020〕10号的10分计）'
                else ''
            end
        ) as message,
        total_score::double as value_stated,
        score_ceiling as value_expected,
        [total_score::double, execution_rate_used_pct, score_ceiling] as evidence_values,
        [score_line, rate_line, executed_line] as lines
    from scopes
    where
        total_score > score_ceiling
        and not agrees_as_printed(total_score, score_ceiling)
),

-- 3'. Local rule pack: the self-score capped by the execution rate (listed only when asked for).
c_local_execution_cap as (
    select
        report_id,
        project_no,
        scope_name,
        null::integer as indicator_no,
        null::varchar as indicator_name,
        'score_exceeds_execution' as code,
        'medium' as severity,
        'local_execution_cap' as rule,
        format(
            '按地方执行率封顶规则，预算执行率{}%时自评分不得高于{}分，自评为{}分',
            num_text(execution_rate_used_pct),
            num_text(cap),
            num_text(total_score)
        ) as message,
        total_score::double as value_stated,
        cap::double as value_expected,
        [total_score::double, execution_rate_used_pct, cap::double] as evidence_values,
        [score_line, rate_line] as lines
    from (
        select
            *,
            case
                when execution_rate_used_pct < 50 then 59
                when execution_rate_used_pct < 60 then 69
                when execution_rate_used_pct < 70 then 79
                when execution_rate_used_pct < 80 then 89
            end as cap
        from scopes
    )
    where total_score > cap
),

-- 4. Full marks on an indicator whose numeric target was missed.
c_missed_target_full_score as (
    select
        report_id,
        project_no,
        scope_name,
        indicator_no,
        name as indicator_name,
        'missed_target_full_score' as code,
        'high' as severity,
        'national' as rule,
        format(
            '指标“{}”目标{}，实际{}，未完成目标却得满分{}/{}分{}',
            name,
            target_text,
            actual_text,
            num_text(score),
            num_text(weight),
            case
                when partial_score is not null
                    then format('；按完成比例应得约{}分', num_text(round(partial_score, 2)))
                else ''
            end
        ) as message,
        score::double as value_stated,
        round(partial_score, 4) as value_expected,
        [target_value::double, actual_value::double, score::double, weight::double]
            as evidence_values,
        [line] as lines
    from (
        select
            *,
            -- domain.md "Scoring rules": a missed quantitative target scores 完成值 ÷ 指标值 × 分值,
            -- a missed ≤ target 指标值 ÷ 完成值 × 分值.
            case
                when direction in ('≥', '>') and target_value > 0
                    then actual_value / target_value * weight
                when direction in ('≤', '<') and actual_value > 0
                    then target_value / actual_value * weight
            end::double as partial_score
        from inds
    )
    where not target_met and full_marks
),

-- 5. Stated execution rate ≠ executed ÷ final budget.
c_rate_mismatch as (
    select
        report_id,
        project_no,
        scope_name,
        null::integer as indicator_no,
        null::varchar as indicator_name,
        'rate_mismatch' as code,
        'medium' as severity,
        'national' as rule,
        format(
            '所报预算执行率{}%与全年执行数{}万元 ÷ 全年预算数{}万元 = {}%不一致',
            num_text(execution_rate_pct),
            num_text(executed_wan),
            num_text(budget_final_wan),
            num_text(execution_rate_derived_pct)
        ) as message,
        execution_rate_pct::double as value_stated,
        execution_rate_derived_pct as value_expected,
        [execution_rate_pct::double, executed_wan::double, budget_final_wan::double]
            as evidence_values,
        [rate_line, final_line, executed_line] as lines
    from scopes
    where not agrees_as_printed(execution_rate_pct, execution_rate_derived_pct)
),

-- 6a. Parts that do not add up, as the extractor found them (revenue sources, 基本支出 parts …).
c_parts_extractor as (
    select
        report_id,
        null::integer as project_no,
        scope_name,
        null::integer as indicator_no,
        null::varchar as indicator_name,
        'parts_mismatch' as code,
        'high' as severity,
        'extractor' as rule,
        message,
        evidence_values[1] as value_stated,
        evidence_values[2] as value_expected,
        coalesce(evidence_values, []::double []) as evidence_values,
        list_concat(coalesce(evidence_lines, []::integer []), [line]) as lines
    from report_warnings
    where code = 'parts_mismatch'
),

-- 6b. Expense items that do not add up to the executed amount. Tolerance: half a unit of the last
-- printed decimal of the whole and of every item, since each was rounded once.
expense_sums as (
    select
        e.report_id,
        e.project_no,
        count(*) as item_count,
        sum(e.amount_wan) as items_wan,
        sum(0.5 / 10 ^ printed_decimals(e.amount_wan)) as items_tolerance_wan,
        list(e.line order by e.line) as item_lines
    from expenses as e
    inner join base as b on b.report_id = e.report_id
    group by e.report_id, e.project_no
),

c_parts_expenses as (
    select
        s.report_id,
        s.project_no,
        s.scope_name,
        null::integer as indicator_no,
        null::varchar as indicator_name,
        'parts_mismatch' as code,
        'high' as severity,
        'national' as rule,
        format(
            '{}项支出明细合计{}万元，与全年执行数{}万元不符（相差{}万元）',
            x.item_count,
            num_text(x.items_wan),
            num_text(s.executed_wan),
            num_text(abs(x.items_wan - s.executed_wan))
        ) as message,
        s.executed_wan::double as value_stated,
        x.items_wan::double as value_expected,
        [s.executed_wan::double, x.items_wan::double] as evidence_values,
        list_concat([s.executed_line], x.item_lines) as lines
    from expense_sums as x
    inner join scopes as s
        on s.report_id = x.report_id and s.project_no is not distinct from x.project_no
    cross join tolerances as t
    where
        x.item_count >= t.parts_min_items
        and abs(x.items_wan - s.executed_wan)
        > x.items_tolerance_wan + 0.5 / 10 ^ printed_decimals(s.executed_wan)
),

-- 6c. Projects that together executed more than the report's whole.
project_sums as (
    select
        p.report_id,
        count(*) as project_count,
        sum(p.executed_wan) as projects_wan,
        sum(0.5 / 10 ^ printed_decimals(p.executed_wan)) as projects_tolerance_wan,
        list(p.line order by p.line) as project_lines
    from projects as p
    inner join base as b on b.report_id = p.report_id
    where p.executed_wan is not null
    group by p.report_id
),

c_parts_projects as (
    select
        s.report_id,
        s.project_no,
        s.scope_name,
        null::integer as indicator_no,
        null::varchar as indicator_name,
        'parts_mismatch' as code,
        'high' as severity,
        'national' as rule,
        format(
            '{}个项目的全年执行数合计{}万元，超过报告全年执行数{}万元',
            x.project_count,
            num_text(x.projects_wan),
            num_text(s.executed_wan)
        ) as message,
        s.executed_wan::double as value_stated,
        x.projects_wan::double as value_expected,
        [s.executed_wan::double, x.projects_wan::double] as evidence_values,
        list_concat([s.executed_line], x.project_lines) as lines
    from project_sums as x
    inner join scopes as s on s.report_id = x.report_id and s.project_no is null
    where
        x.projects_wan
        > s.executed_wan + x.projects_tolerance_wan + 0.5 / 10 ^ printed_decimals(s.executed_wan)
),

-- 7. The same figure stated twice with different values (found by the extractor).
c_conflicting_figures as (
    select
        report_id,
        null::integer as project_no,
        scope_name,
        null::integer as indicator_no,
        null::varchar as indicator_name,
        'conflicting_figures' as code,
        'high' as severity,
        'extractor' as rule,
        message,
        evidence_values[1] as value_stated,
        evidence_values[2] as value_expected,
        coalesce(evidence_values, []::double []) as evidence_values,
        list_concat(coalesce(evidence_lines, []::integer []), [line]) as lines
    from report_warnings
    where code in ('score_conflict', 'conflicting_figures') or code like '%\_conflict' escape '\'
),

-- 8a. Every weighted indicator at full marks.
c_uniform_marks as (
    select
        s.report_id,
        s.project_no,
        s.scope_name,
        null::integer as indicator_no,
        null::varchar as indicator_name,
        'uniform_full_marks' as code,
        'low' as severity,
        'national' as rule,
        format('全部{}项有分值的指标均得满分', s.positive_weight_count) as message,
        s.full_marks_count::double as value_stated,
        null::double as value_expected,
        [s.full_marks_count::double, s.positive_weight_count::double] as evidence_values,
        [s.score_line] as lines
    from scopes as s
    cross join tolerances as t
    where
        s.positive_weight_count >= t.uniform_min_indicators
        and s.full_marks_count = s.positive_weight_count
),

-- 8b. Every execution rate of a report and its projects exactly 100%.
c_uniform_rates as (
    select
        r.report_id,
        null::integer as project_no,
        any_value(r.scope_name) filter (where r.project_no is null) as scope_name,
        null::integer as indicator_no,
        null::varchar as indicator_name,
        'uniform_full_marks' as code,
        'low' as severity,
        'national' as rule,
        format(
            '本报告及其项目的{}个预算执行率全部恰好为100%，执行数与预算数分毫不差', count(*)
        ) as message,
        100.0::double as value_stated,
        null::double as value_expected,
        list(r.execution_rate_used_pct) as evidence_values,  -- all 100: order does not matter
        list(r.rate_line) as lines
    from scopes as r
    where r.execution_rate_used_pct is not null
    group by r.report_id
    having
        count(*) >= (select uniform_min_rates from tolerances)
        and bool_and(r.execution_rate_used_pct = 100)
),

-- 9. Words where a 数量/质量/时效/成本 target should be a number or a date.
c_unquantified as (
    select
        report_id,
        project_no,
        scope_name,
        indicator_no,
        name as indicator_name,
        'unquantified_target' as code,
        'low' as severity,
        'national' as rule,
        format('{}“{}”的目标“{}”没有量化', level2_std, name, target) as message,
        null::double as value_stated,
        null::double as value_expected,
        []::double [] as evidence_values,
        [line] as lines
    from inds
    where
        level2_std in ('数量指标', '质量指标', '时效指标', '成本指标', '经济成本指标')
        and not quantified
        and trim(coalesce(target, '')) not in ('', '无', '/', '-', '—', '——')
),

-- 10. Over-achievement of 30% or more with full marks: the target was set too low.
c_easy_target as (
    select
        i.report_id,
        i.project_no,
        i.scope_name,
        i.indicator_no,
        i.name as indicator_name,
        'easy_target' as code,
        'medium' as severity,
        'national' as rule,
        format(
            '指标“{}”目标{}，实际{}，超出目标{}%仍得满分：目标可能定得过低',
            i.name,
            i.target_text,
            i.actual_text,
            num_text(round(i.beat_pct, 2))
        ) as message,
        i.actual_value::double as value_stated,
        i.target_value::double as value_expected,
        [i.target_value::double, i.actual_value::double, i.beat_pct] as evidence_values,
        [i.line] as lines
    from inds as i
    cross join tolerances as t
    where i.full_marks and i.beat_pct >= t.easy_target_beat_pct
),

-- 10'. Local rule pack: −2 points for a target beaten by 30% or more (listed only when asked for).
c_local_easy_target as (
    select
        i.report_id,
        i.project_no,
        i.scope_name,
        i.indicator_no,
        i.name as indicator_name,
        'easy_target' as code,
        'medium' as severity,
        'local_easy_target_deduction' as rule,
        format(
            '按地方规则，指标“{}”实际超出目标{}%（30%以上）应扣2分：{}分 → {}分',
            i.name,
            num_text(round(i.beat_pct, 2)),
            num_text(i.score),
            num_text(greatest(i.score - 2, 0))
        ) as message,
        i.score::double as value_stated,
        greatest(i.score - 2, 0)::double as value_expected,
        [i.target_value::double, i.actual_value::double, i.beat_pct] as evidence_values,
        [i.line] as lines
    from inds as i
    cross join tolerances as t
    where
        i.score is not null
        and i.beat_pct >= t.easy_target_beat_pct
),

-- 11. Weights that do not make 100 with the execution-rate part.
c_weights_mismatch as (
    select
        report_id,
        project_no,
        scope_name,
        null::integer as indicator_no,
        null::varchar as indicator_name,
        'weights_mismatch' as code,
        'medium' as severity,
        'national' as rule,
        format(
            '{}项指标分值合计{}分，加上预算执行率10分为{}分，不是100分',
            weighted_count,
            num_text(weight_sum),
            num_text(weight_sum + 10)
        ) as message,
        weight_sum::double as value_stated,
        90.0::double as value_expected,
        [weight_sum::double] as evidence_values,
        [score_line] as lines
    from scopes
    where weighted_count > 0 and weight_sum not in (90, 100)
),

-- 12. Points deducted with no 偏差原因 given.
c_deduction_without_reason as (
    select
        report_id,
        project_no,
        scope_name,
        indicator_no,
        name as indicator_name,
        'deduction_without_reason' as code,
        'low' as severity,
        'national' as rule,
        format(
            '指标“{}”得{}分（分值{}分），扣{}分但未说明偏差原因',
            name,
            num_text(score),
            num_text(weight),
            num_text(weight - score)
        ) as message,
        score::double as value_stated,
        weight::double as value_expected,
        [score::double, weight::double] as evidence_values,
        [line] as lines
    from inds
    where weight > 0 and score < weight and trim(coalesce(note, '')) = ''
),

-- 13a. Executed more than the final budget.
c_overspent as (
    select
        report_id,
        project_no,
        scope_name,
        null::integer as indicator_no,
        null::varchar as indicator_name,
        'overspent' as code,
        'high' as severity,
        'national' as rule,
        case
            when executed_wan > budget_final_wan
                then format(
                    '全年执行数{}万元超过全年预算数{}万元',
                    num_text(executed_wan),
                    num_text(budget_final_wan)
                )
            else format('所报预算执行率{}%超过100%', num_text(execution_rate_pct))
        end as message,
        coalesce(executed_wan, execution_rate_pct)::double as value_stated,
        case
            when executed_wan > budget_final_wan then budget_final_wan::double else 100.0
        end as value_expected,
        [executed_wan::double, budget_final_wan::double, execution_rate_pct::double]
            as evidence_values,
        [executed_line, final_line, rate_line] as lines
    from scopes
    where executed_wan > budget_final_wan or execution_rate_pct > 100
),

-- 13b. A figure about 10,000× off its siblings: 元 and 万元 confused.
c_scale_budget as (
    select
        s.report_id,
        s.project_no,
        s.scope_name,
        null::integer as indicator_no,
        null::varchar as indicator_name,
        'unit_scale_suspect' as code,
        'medium' as severity,
        'national' as rule,
        format(
            '全年执行数{}万元与全年预算数{}万元相差约{}倍，疑为元与万元混用',
            num_text(s.executed_wan),
            num_text(s.budget_final_wan),
            num_text(round(greatest(ratio, 1 / ratio), 0))
        ) as message,
        s.executed_wan::double as value_stated,
        s.budget_final_wan::double as value_expected,
        [s.executed_wan::double, s.budget_final_wan::double] as evidence_values,
        [s.executed_line, s.final_line] as lines
    from (
        select
            *,
            (executed_wan / budget_final_wan)::double as ratio
        from scopes
        where executed_wan > 0 and budget_final_wan > 0
    ) as s
    cross join tolerances as t
    where greatest(s.ratio, 1 / s.ratio) >= t.unit_scale_ratio
),

expense_medians as (
    select
        e.report_id,
        e.project_no,
        median(e.amount_wan::double) as median_wan,
        count(*) as item_count
    from expenses as e
    inner join base as b on b.report_id = e.report_id
    group by e.report_id, e.project_no
),

c_scale_expenses as (
    select
        e.report_id,
        e.project_no,
        s.scope_name,
        null::integer as indicator_no,
        null::varchar as indicator_name,
        'unit_scale_suspect' as code,
        'medium' as severity,
        'national' as rule,
        format(
            '支出明细“{}”{}万元是同类{}项明细中位数{}万元的{}倍，疑为元与万元混用',
            e.category,
            num_text(e.amount_wan),
            m.item_count,
            num_text(m.median_wan),
            num_text(round(e.amount_wan / m.median_wan, 0))
        ) as message,
        e.amount_wan::double as value_stated,
        m.median_wan as value_expected,
        [e.amount_wan::double, m.median_wan] as evidence_values,
        [e.line] as lines
    from expenses as e
    inner join expense_medians as m
        on m.report_id = e.report_id and m.project_no is not distinct from e.project_no
    inner join scopes as s
        on s.report_id = e.report_id and s.project_no is not distinct from e.project_no
    cross join tolerances as t
    where
        m.item_count >= t.unit_scale_min_items
        and m.median_wan > 0
        and e.amount_wan >= t.unit_scale_ratio * m.median_wan
),

-- 14. A target lowered after the unit beat it, or kept after the unit beat it by 30% or more
-- (sandbagging; the previous year is looked up across every year of the unit).
all_year_series as (
    select
        unit_id,
        fiscal_year,
        report_id,
        project_no,
        indicator_no,
        series_scope as scope_name,
        name,
        coalesce(measure_unit, '') as measure_unit,
        direction,
        target_value,
        actual_value,
        beat_pct,
        target_text,
        actual_text,
        line
    from all_inds
    where
        unit_id is not null
        and fiscal_year is not null
        and direction in ('≥', '>', '≤', '<')
        and target_value is not null
),

series_steps as (
    select
        *,
        lag(fiscal_year) over w as prev_year,
        lag(direction) over w as prev_direction,
        lag(target_value) over w as prev_target_value,
        lag(beat_pct) over w as prev_beat_pct,
        lag(target_text) over w as prev_target_text,
        lag(actual_text) over w as prev_actual_text
    from all_year_series
    window w as (partition by unit_id, scope_name, name, measure_unit order by fiscal_year)
),

c_target_lowered as (
    select
        report_id,
        project_no,
        scope_name,
        indicator_no,
        name as indicator_name,
        'target_lowered' as code,
        'medium' as severity,
        'national' as rule,
        format(
            '指标“{}”{}年目标{}、实际{}，已超额完成；{}年目标{}{}',
            name,
            prev_year,
            prev_target_text,
            prev_actual_text,
            fiscal_year,
            case when target_value = prev_target_value then '仍为' else '反而降为' end,
            target_text
        ) as message,
        target_value::double as value_stated,
        prev_target_value::double as value_expected,
        [prev_target_value::double, target_value::double, prev_beat_pct] as evidence_values,
        [line] as lines
    from series_steps
    where
        prev_year < fiscal_year
        and prev_direction = direction
        and (
            -- lowered after the target was beaten at all
            (
                prev_beat_pct > 0
                and (
                    (direction in ('≥', '>') and target_value < prev_target_value)
                    or (direction in ('≤', '<') and target_value > prev_target_value)
                )
            )
            -- kept after it was beaten by as much as makes it an easy target
            or (
                prev_beat_pct >= (select easy_target_beat_pct from tolerances)
                and target_value = prev_target_value
            )
        )
),

findings as (
    select * from c_total_mismatch
    union all by name
    select * from c_grade_mismatch
    union all by name
    select * from c_score_exceeds_execution
    union all by name
    select * from c_local_execution_cap
    union all by name
    select * from c_missed_target_full_score
    union all by name
    select * from c_rate_mismatch
    union all by name
    select * from c_parts_extractor
    union all by name
    select * from c_parts_expenses
    union all by name
    select * from c_parts_projects
    union all by name
    select * from c_conflicting_figures
    union all by name
    select * from c_uniform_marks
    union all by name
    select * from c_uniform_rates
    union all by name
    select * from c_unquantified
    union all by name
    select * from c_easy_target
    union all by name
    select * from c_local_easy_target
    union all by name
    select * from c_weights_mismatch
    union all by name
    select * from c_deduction_without_reason
    union all by name
    select * from c_overspent
    union all by name
    select * from c_scale_budget
    union all by name
    select * from c_scale_expenses
    union all by name
    select * from c_target_lowered
),

numbered as (
    select
        *,
        row_number() over () as finding_id,
        list_sort(list_distinct([x for x in lines if x is not null])) as line_list
    from findings
),

finding_lines as (
    select
        finding_id,
        report_id,
        unnest(line_list) as line
    from numbered
),

sources as (
    select
        fl.finding_id,
        string_agg(
            '第' || fl.line || '行：' || left(trim(replace(sl.text, chr(9), ' ')), 200),
            chr(10)
            order by fl.line
        ) as source_text
    from finding_lines as fl
    inner join source_lines as sl on sl.report_id = fl.report_id and sl.line = fl.line
    group by fl.finding_id
),

final as (
    select
        n.report_id as report_id,
        b.unit_id as unit_id,
        b.unit_canonical_name as unit_canonical_name,
        b.fiscal_year as fiscal_year,
        b.kind as kind,
        n.project_no as project_no,
        n.scope_name as scope_name,
        n.indicator_no as indicator_no,
        n.indicator_name as indicator_name,
        n.code as code,
        n.severity as severity,
        n.rule as rule,
        n.message as message,
        n.value_stated as value_stated,
        n.value_expected as value_expected,
        n.evidence_values as evidence_values,
        n.line_list as lines,
        src.source_text as source_text,
        case n.severity when 'high' then 1 when 'medium' then 2 else 3 end as severity_rank,
        b.region_province as region_province,
        b.region_city as region_city,
        b.region_county as region_county,
        b.grade as grade,
        b.report_rank as report_rank
    from numbered as n
    inner join base as b on b.report_id = n.report_id
    left join sources as src on src.finding_id = n.finding_id
)

-- finding_order: severity, then the report (fiscal_year, unit_canonical_name, report_id), its
-- project and indicator, the check, the value, and the rule last (a national check and the local
-- rule pack's twin on one indicator would tie otherwise, and come out in any order).
select
    * exclude (report_rank),
    row_number() over (
        order by
            severity_rank,
            report_rank,
            project_no nulls first,
            indicator_no nulls first,
            code,
            value_stated,
            rule
    ) as finding_order
from final
order by finding_order;

