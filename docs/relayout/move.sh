#!/usr/bin/env bash
# Moves the classes of a mapping with git mv (so git's rename detection carries other branches'
# edits), then runs fix-imports.sh over the tree. Lines whose class stays are skipped here.
#   docs/relayout/move.sh MAPPING
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(git -C "$here" rev-parse --show-toplevel)"
map="$(realpath "$1")"
cd "$root"
grep -v '^\s*#' "$map" | while read -r old new; do
  [ -n "${old:-}" ] && [ "$old" != "$new" ] || continue
  src="$(find . -path "*/src/*/java/${old//.//}.java" -not -path '*/target/*' | head -1)"
  [ -n "$src" ] || { echo "not found: $old" >&2; exit 1; }
  base="${src%/java/*}/java"
  dest="$base/${new//.//}.java"
  mkdir -p "$(dirname "$dest")"
  git mv "$src" "$dest"
done
"$here/fix-imports.sh" "$map" >/dev/null
