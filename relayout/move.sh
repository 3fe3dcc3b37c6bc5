#!/usr/bin/env bash
# Moves the classes of a mapping with git mv (so git's rename detection carries other branches'
# edits), then runs fix-imports.sh over the tree. Lines whose class stays are skipped here.
#   relayout/move.sh MAPPING
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
map="$1"
grep -v '^\s*#' "$map" | while read -r old new; do
  [ -n "${old:-}" ] && [ "$old" != "$new" ] || continue
  src="$(find . -path "*/src/*/java/${old//.//}.java" -not -path '*/target/*' | head -1)"
  [ -n "$src" ] || { echo "not found: $old" >&2; exit 1; }
  base="${src%/java/*}/java"
  dest="$base/${new//.//}.java"
  mkdir -p "$(dirname "$dest")"
  git mv "$src" "$dest"
done
relayout/fix-imports.sh "$map" >/dev/null
