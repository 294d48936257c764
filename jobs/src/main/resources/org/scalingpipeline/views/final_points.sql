-- One row per run and metric (a fit plan input): the curve point at the run's last step with a value of
-- the metric (in curves.csv.gz some runs' final evaluation is split across two steps, one with the losses
-- empty). Reads the relation :curve_points.
SELECT c.* FROM IDENTIFIER(:curve_points) c
JOIN (SELECT run_id, metric, max(step) AS last_step FROM IDENTIFIER(:curve_points) GROUP BY run_id, metric) l
  ON c.run_id = l.run_id AND c.metric = l.metric AND c.step = l.last_step
