-- One row per N/D allocation pair of the fit plan (plan roles allocation-n and allocation-d of one pair)
-- and group (the published table fitted): the newest fits of N_opt = k_N C^a and D_opt = k_D C^b
-- (Hoffmann et al. 2022, approaches 1 and 2), their bootstrap intervals and draws, whether the exponents were free,
-- whether both converged, and the newer of their fit versions.
SELECT rn.pair, n.group_id, n.group_key, rn.free_exponent, n.params AS n_params, d.params AS d_params,
  n.ci_lower AS n_ci_lower, n.ci_upper AS n_ci_upper, d.ci_lower AS d_ci_lower, d.ci_upper AS d_ci_upper,
  n.bootstrap_draws AS n_draws, d.bootstrap_draws AS d_draws,
  n.converged AND d.converged AS converged, greatest(n.fit_version, d.fit_version) AS fit_version
FROM plan_roles rn
JOIN plan_roles rd ON rd.role = 'allocation-d' AND rd.pair = rn.pair
JOIN fits_latest n ON n.fit_name = rn.fit_name
JOIN fits_latest d ON d.fit_name = rd.fit_name AND d.group_id = n.group_id
WHERE rn.role = 'allocation-n'
