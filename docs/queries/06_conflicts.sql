-- Where do sources disagree? Each statement whose value differs from the latest statement
-- of the same thing (b), both sides.
select
    region,
    metric,
    measure,
    period,
    subject,
    value_a,
    value_b,
    round(100 * relative_difference, 1) as difference_pct,
    same_document,
    doc_id_a, start_a, end_a,
    doc_id_b, start_b, end_b
from cmp_conflicts
order by relative_difference desc;
