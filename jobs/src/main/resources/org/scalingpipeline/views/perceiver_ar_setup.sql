-- One row per Perceiver AR run (source perceiver-ar): the article's experiment tables, N, N_cross, N_self,
-- D, C, C_cross, C_self and Ĉ_self = 6 N_self D, with the run's final validation loss and its step.
SELECT r.experiment,
  CAST(r.config['version'] AS INT) AS version, r.run_id, r.d_model AS num_channels, r.num_layers,
  CAST(r.config['num_steps'] AS BIGINT) AS num_steps, r.params_total AS params,
  CAST(r.config['params_cross'] AS DOUBLE) AS params_cross, CAST(r.config['params_self'] AS DOUBLE) AS params_self,
  r.tokens_per_step * CAST(r.config['num_steps'] AS BIGINT) AS tokens,
  r.flops_per_step * CAST(r.config['num_steps'] AS BIGINT) AS flops,
  CAST(r.config['flops_cross_per_step'] AS DOUBLE) * CAST(r.config['num_steps'] AS BIGINT) AS flops_cross,
  CAST(r.config['flops_self_per_step'] AS DOUBLE) * CAST(r.config['num_steps'] AS BIGINT) AS flops_self,
  6 * CAST(r.config['params_self'] AS DOUBLE) * r.tokens_per_step * CAST(r.config['num_steps'] AS BIGINT) AS flops_self_approx,
  f.value AS final_loss, f.step AS final_step
FROM runs r
LEFT JOIN (SELECT p.run_id, p.step, p.value FROM points p
           JOIN (SELECT run_id, max(step) AS s FROM points WHERE metric = 'val_loss' GROUP BY run_id) l
             ON p.run_id = l.run_id AND p.step = l.s
           WHERE p.metric = 'val_loss') f
  ON r.run_id = f.run_id
WHERE r.source = 'perceiver-ar'
