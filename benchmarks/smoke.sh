#!/usr/bin/env bash
# Smoke check of the benchmarks (not run by CI, no test framework): builds in Release, lists the
# BenchmarkDotNet benchmarks, runs `throughput --quick` and checks that every figure printed a
# name=value line with a number. With SMOKE_BDN=1 it also runs every BenchmarkDotNet benchmark once
# (--job dry). Exits non-zero on the first failure. Extra arguments go to the throughput runner
# (for example --no-postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
project=benchmarks/Akinon.Loyalty.Benchmarks

dotnet build -c Release "$project" -v q -nologo
listed=$(dotnet run -c Release --no-build --project "$project" -- --list flat | grep -c 'Benchmarks\.' || true)
[ "$listed" -ge 4 ] || { echo "smoke: the BenchmarkDotNet switcher listed $listed benchmarks"; exit 1; }

if [ "${SMOKE_BDN:-0}" = "1" ]; then
  dotnet run -c Release --no-build --project "$project" -- --filter '*' --job dry
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
timeout 600 dotnet run -c Release --no-build --project "$project" -- throughput --quick "$@" | tee "$out"

required="transfer_floor_ns_1t transfer_ledger_ns_1t transfer_ratio_1t transfer_ratio_2t
transfer_ratio_keyed_1t payments_per_sec_1t transfer_alloc_bytes transfer_records_bytes
payment_alloc_bytes payment_records_bytes pg_payments_per_sec_c1 pg_payments_per_sec_c4
pg_payments_per_sec_c16 pgbench_tps_c16 pg_over_pgbench_c16 pg_scaling_c4_over_c1
pg_payment_p50_ms_c16 pg_payment_p99_ms_c16"
missing=0
for name in $required; do
  if ! grep -Eq "^${name}=(NaN|[0-9.]+)$" "$out"; then
    echo "smoke: no figure line for ${name}"
    missing=$((missing + 1))
  fi
done
# The in-memory figures are always measurable: a NaN there is a failure.
if grep -Eq '^(transfer|payment)[a-z0-9_]*=NaN$' "$out"; then
  echo "smoke: an in-memory figure is NaN"
  missing=$((missing + 1))
fi
[ "$missing" -eq 0 ] || exit 1
echo "smoke: $listed benchmarks listed, every figure printed"
