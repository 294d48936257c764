-- One row per (study, group, cut, law) of the newest backtest run of each study: the law's rank among the study's laws
-- by the ln-space RMSE of its prediction of the held-out points (1: extrapolated best); a backtest that could not be
-- scored (the fit below the cut failed or is not identified, or nothing was held out) ranks after every scored one.
SELECT b.study, b.group_id, b.cut, b.law,
  rank() OVER (PARTITION BY b.study, b.group_id, b.cut
               ORDER BY CASE WHEN b.converged AND b.rmse_log IS NOT NULL THEN 0 ELSE 1 END, b.rmse_log, b.law) AS rank,
  b.rmse_log, b.max_rel_error, b.n_fit, b.n_heldout, b.cutoff, b.cut_column, b.extrapolation_decades, b.converged,
  b.reason, b.params, b.metric, b.group_key, b.backtest_version
FROM law_backtests b
JOIN (SELECT study, max(backtest_version) AS v FROM law_backtests GROUP BY study) m
  ON b.study = m.study AND b.backtest_version = m.v
