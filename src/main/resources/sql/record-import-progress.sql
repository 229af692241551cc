-- An import's position past the user just applied, and what happened to them; parameters from ImportProgress.of.
UPDATE audience_import
SET position = :#position, created = created + :#created, updated = updated + :#updated,
    unchanged = unchanged + :#unchanged, skipped_no_email = skipped_no_email + :#skippedNoEmail,
    skipped_other = skipped_other + :#skippedOther, errors = errors + :#errors,
    last_problem = COALESCE(:#problem, last_problem)
WHERE id = :#importId
