-- One row per point of a run (a fit plan input): the point's columns with its run's columns, the run's
-- source_file and ingested_at left out. Reads the relations :runs and :points.
SELECT * FROM IDENTIFIER(:points)
JOIN (SELECT * EXCEPT (source_file, ingested_at) FROM IDENTIFIER(:runs)) USING (run_id)
