-- One row per (study, cut, law) of the newest backtest run of each study (law_leaderboard): over the study's groups,
-- how many were backtested, how many scored (fit converged and identified, points held out), in how many the law
-- ranked first, and the median ln-space RMSE of its scored predictions.
SELECT study, cut, law, count(*) AS groups, count_if(converged) AS scored, count_if(rank = 1) AS wins,
  percentile(rmse_log, 0.5) AS median_rmse_log, max(backtest_version) AS backtest_version
FROM law_leaderboard
GROUP BY study, cut, law
