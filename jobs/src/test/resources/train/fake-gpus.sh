#!/usr/bin/env bash
# Fake GPU discovery script for the tests: announces two GPUs, as a real script
# (Spark's examples/src/main/scripts/getGpusResources.sh) does from nvidia-smi.
echo '{"name":"gpu","addresses":["0","1"]}'
