-- One row per run, metric and router of Clark et al. 2022's routed study (a fit plan input): the final
-- points of the routing runs under the reference colab's filters (routing frequency 0.5, k 1, seed 42),
-- each dense run repeated under every router type (Hash, RL-R, S-Base) as its E = 1 baseline.
-- Reads the relation :final_points.
WITH study AS (
  SELECT * FROM IDENTIFIER(:final_points)
  WHERE source = 'routing' AND routing_frequency = 0.5 AND k = 1 AND seed = 42)
SELECT * EXCEPT (router_type), router_type FROM study WHERE router_type <> 'Dense'
UNION ALL
SELECT * EXCEPT (router_type, router), router AS router_type
FROM study LATERAL VIEW explode(array('Hash', 'RL-R', 'S-Base')) routers AS router
WHERE router_type = 'Dense'
