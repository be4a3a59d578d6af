-- The release columns the vintage order needs (tracker/store/vintage.py), copied onto each
-- figure so that an as-of read is one arg_min over observations, joining releases only for the
-- few rows it answers with. Append copies them; re-ranking (tracker/store/rankings.py) updates
-- both tables in one transaction. Releases ranked by the step after migrations
-- (rankings.fill) are copied there.
ALTER TABLE observations ADD COLUMN source_rank INTEGER;
ALTER TABLE observations ADD COLUMN grade VARCHAR;
UPDATE observations SET source_rank = r.source_rank, grade = r.grade
FROM releases r WHERE observations.release_id = r.release_id;
