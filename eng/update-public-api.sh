#!/usr/bin/env bash
# Adds every new public symbol of the shipped packages to their PublicAPI.Unshipped.txt
# (the RS0016 code fix), so a change of public API is one reviewable diff.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/*/*.csproj; do
  dotnet format analyzers "$project" --diagnostics RS0016 RS0017 RS0037 >/dev/null
done
