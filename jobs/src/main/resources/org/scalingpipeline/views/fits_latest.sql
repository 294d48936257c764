-- One row per (plan entry, group): the newest fit of the group, the fits row with the highest fit_version.
SELECT f.* FROM fits f
JOIN (SELECT fit_name, group_id, max(fit_version) AS v FROM fits GROUP BY fit_name, group_id) m
  ON f.fit_name = m.fit_name AND f.group_id = m.group_id AND f.fit_version = m.v
