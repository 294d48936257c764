-- One row per IsoFLOP run of scaling train (config plan = isoflop): at its budget C and corpus, the N_opt
-- predicted by the Perceiver AR article's law (plan role reference-allocation: k_N C^0.5 with k_N from the
-- reference run; and the published law of role published-allocation, Hoffmann et al.'s approach 1, when
-- the seed fits are there), the N_opt measured as the vertex of the budget's IsoFLOP parabola (role
-- measured-isoflop), the run's final validation loss and rank among the completed runs of the budget,
-- whether it is the size nearest the prediction (in log N), whether that size had the lowest loss, and
-- the parabola's params.
WITH isoflop AS (
  SELECT CAST(r.config['compute_budget'] AS DOUBLE) AS compute_budget, r.dataset, r.run_id, r.d_model,
    r.num_layers, r.num_heads, r.params_non_embedding, r.config['status'] AS status, f.value AS final_val_loss
  FROM runs r LEFT JOIN final_points f ON r.run_id = f.run_id AND f.metric = 'val_loss'
  WHERE r.source = 'djl-train' AND r.config['plan'] = 'isoflop'),
role_fits AS (
  SELECT p.role, f.* FROM fits_latest f
  JOIN plan_roles p ON f.fit_name = p.fit_name AND (p.group_id IS NULL OR f.group_id = p.group_id)
  WHERE f.converged),
reference_law AS (SELECT group_key['dataset'] AS dataset, params FROM role_fits WHERE role = 'reference-allocation'),
published_law AS (SELECT params FROM role_fits WHERE role = 'published-allocation'),
parabola AS (
  SELECT CAST(group_key["config['compute_budget']"] AS DOUBLE) AS compute_budget, group_key['dataset'] AS dataset, params
  FROM role_fits WHERE role = 'measured-isoflop'),
predicted AS (
  SELECT i.*, n_opt(i.compute_budget, r.params) AS predicted_n_opt, n_opt(i.compute_budget, l.params) AS published_law_n_opt,
    n_opt(i.compute_budget, p.params) AS measured_n_opt, p.params AS parabola
  FROM isoflop i LEFT JOIN reference_law r ON r.dataset = i.dataset
  LEFT JOIN published_law l ON true
  LEFT JOIN parabola p ON p.compute_budget = i.compute_budget AND p.dataset = i.dataset),
ranked AS (
  SELECT *,
    CASE WHEN status = 'completed' THEN rank() OVER (PARTITION BY compute_budget, dataset
      ORDER BY CASE WHEN status = 'completed' THEN final_val_loss END ASC NULLS LAST) END AS loss_rank,
    abs(ln(params_non_embedding / predicted_n_opt)) = min(abs(ln(params_non_embedding / predicted_n_opt)))
      OVER (PARTITION BY compute_budget, dataset) AS nearest_to_prediction
  FROM predicted)
SELECT compute_budget, dataset, run_id, d_model, num_layers, num_heads, params_non_embedding, status,
  final_val_loss, loss_rank, predicted_n_opt, published_law_n_opt, measured_n_opt,
  measured_n_opt / predicted_n_opt AS measured_vs_predicted, nearest_to_prediction,
  coalesce(loss_rank = 1, false) AS lowest_loss,
  bool_or(CASE WHEN nearest_to_prediction THEN coalesce(loss_rank = 1, false) END)
    OVER (PARTITION BY compute_budget, dataset) AS prediction_had_lowest_loss,
  parabola
FROM ranked
