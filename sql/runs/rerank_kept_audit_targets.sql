-- Run by an audit targeting that kept the scores of the declarations of its window lodged before
-- getvariable('scores_kept_before'), after fct_audit_targets has been made anew for the others, in the same
-- transaction (src/db/run-models.ts, MART_REVISIONS, KEPT_SCORE_MARTS): the kept declarations keep their rows,
-- reasons in words included, and take their new places on the list from audit_scores.
update fct_audit_targets as targets
set
    score_rank = scores.score_rank,
    is_selected = scores.is_selected,
    is_exploration = scores.is_exploration
from audit_scores as scores
where targets.declaration_id = scores.declaration_id
    and targets.lodgement_at < getvariable('scores_kept_before')::timestamp
