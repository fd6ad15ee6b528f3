#!/usr/bin/env bash
# Rewrites each shipped package's PublicAPI.Unshipped.txt from the code (the RS0016 code fix), so a
# change of public API is one reviewable diff. The fixer only runs reliably on an empty file, so the
# file is emptied first; PublicAPI.Shipped.txt is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/*/*.csproj; do
  dir=$(dirname "$project")
  echo "#nullable enable" > "$dir/PublicAPI.Unshipped.txt"
  dotnet format analyzers "$project" --diagnostics RS0016 >/dev/null 2>&1 || true
done
