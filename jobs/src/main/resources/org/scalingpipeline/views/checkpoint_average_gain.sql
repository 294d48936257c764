-- One row per run of scaling train that averaged its checkpoints (sweep option training.checkpoint_average):
-- at the run's last step, the last checkpoint's validation loss (val_loss) and the validation loss of the
-- element-wise mean of its weight snapshots (val_loss_averaged), both in nats/token on the same validation
-- windows, and the gain of averaging in percent of the last loss, 100 (val_loss - val_loss_averaged) / val_loss
-- (positive when the average is better).
SELECT r.run_id, r.config['plan'] AS plan, r.dataset, r.params_non_embedding, a.step,
  CAST(r.config['checkpoint_average_snapshots'] AS INT) AS snapshots,
  r.config['checkpoint_average_steps'] AS snapshot_steps, v.value AS val_loss, a.value AS val_loss_averaged,
  100 * (v.value - a.value) / v.value AS gain_pct
FROM runs r
JOIN final_points a ON a.run_id = r.run_id AND a.metric = 'val_loss_averaged'
LEFT JOIN final_points v ON v.run_id = r.run_id AND v.metric = 'val_loss' AND v.step = a.step
WHERE r.source = 'djl-train'
