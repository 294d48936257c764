-- One row per loss point of any run (unit nats/token or bits/byte), with the loss in bits per UTF-8 byte where the
-- bytes per token of the run is known: bits/byte = nats/token ÷ (ln 2 × bytes per token), the SQL function bits_per_byte.
-- bpb_provenance says how it is known: 'logged' (the point is in bits/byte, bytes per token not needed),
-- 'byte-level' (tokenizer utf-8-bytes: a token is a byte, 1 byte per token), 'manifest-measured' or
-- 'manifest-assumed' (config.bytes_per_token from a run manifest row, with its basis and bytes_per_token_source),
-- 'log', 'log-measured' or 'log-assumed' (config.bytes_per_token from the own log of the run). Where nothing states a
-- bytes per token, bpb_provenance, bytes_per_token and bits_per_byte are NULL: never a guessed figure.
-- Reads the tables runs and points.
WITH run_bytes AS (
  SELECT run_id, source, experiment, tokenizer, dataset,
    CASE WHEN try_cast(config['bytes_per_token'] AS DOUBLE) > 0
          AND try_cast(config['bytes_per_token'] AS DOUBLE) < CAST('Infinity' AS DOUBLE)
         THEN try_cast(config['bytes_per_token'] AS DOUBLE) END AS stated,
    provenance['bytes_per_token'] LIKE 'manifest %' AS from_manifest,
    config['bytes_per_token_basis'] AS basis, config['bytes_per_token_source'] AS stated_source
  FROM runs
),
run_bpt AS (
  SELECT run_id, source, experiment, tokenizer, dataset,
    CASE WHEN tokenizer = 'utf-8-bytes' THEN 1.0D ELSE stated END AS bytes_per_token,
    CASE WHEN tokenizer = 'utf-8-bytes' THEN 'byte-level'
         WHEN stated IS NULL THEN NULL
         WHEN from_manifest THEN 'manifest-' || basis
         ELSE 'log' || coalesce('-' || basis, '') END AS bpb_provenance,
    CASE WHEN tokenizer = 'utf-8-bytes' THEN 'tokenizer utf-8-bytes: one token per UTF-8 byte'
         WHEN stated IS NULL THEN NULL
         ELSE stated_source END AS bytes_per_token_source
  FROM run_bytes
)
SELECT p.run_id, r.source, r.experiment, r.tokenizer, r.dataset, p.metric, p.step, p.tokens, p.flops, p.value, p.unit,
  CASE WHEN p.unit = 'nats/token' THEN r.bytes_per_token END AS bytes_per_token,
  CASE WHEN p.unit = 'bits/byte' THEN 'logged'
       WHEN r.bytes_per_token IS NOT NULL THEN r.bpb_provenance END AS bpb_provenance,
  CASE WHEN p.unit = 'nats/token' THEN r.bytes_per_token_source END AS bytes_per_token_source,
  CASE WHEN p.unit = 'bits/byte' THEN p.value
       ELSE bits_per_byte(p.value, r.bytes_per_token) END AS bits_per_byte
FROM points p
JOIN run_bpt r ON p.run_id = r.run_id
WHERE p.unit IN ('nats/token', 'bits/byte')
