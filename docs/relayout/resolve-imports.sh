#!/usr/bin/env bash
# After `git merge`: resolves the conflicts that are only import lines (the usual ones after the
# layout change: both sides edited the import block) by keeping the union of both sides less the
# base's lines that either side removed, then
# runs fix-imports.sh over those files. Conflicts with any other line are left and listed.
# Run `./mvnw -B -q spotless:apply` afterwards (it drops the imports that became unused), compile,
# and `git add` the files.
#   docs/relayout/resolve-imports.sh [FILE ...]     (default: the files git lists as unmerged)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(git -C "$here" rev-parse --show-toplevel)"
cd "$root"
if [ $# -eq 0 ]; then
  mapfile -t files < <(git diff --name-only --diff-filter=U -- '*.java')
  # Markers with the merge base too, so an import one side removed or replaced is dropped (run
  # this right after `git merge`: it rewrites the unmerged files from git's index).
  [ ${#files[@]} -gt 0 ] && git checkout --conflict=diff3 -- "${files[@]}"
else
  files=("$@")
fi
[ ${#files[@]} -gt 0 ] || { echo "no unmerged .java files"; exit 0; }
perl -e '
  use strict; use warnings;
  for my $file (@ARGV) {
    local $/; open(my $in, "<", $file) or die "$file: $!\n"; my $src = <$in>; close $in;
    my $left = 0;
    $src =~ s{^<<<<<<<[^\n]*\n(.*?)^(?:\|\|\|\|\|\|\|[^\n]*\n(.*?))?^=======\n(.*?)^>>>>>>>[^\n]*\n}{
      my ($ours, $base, $theirs) = ($1, $2 // "", $3);
      my @lines = (split(/\n/, $ours), split(/\n/, $base), split(/\n/, $theirs));
      my %in_ours = map { $_ => 1 } split(/\n/, $ours);
      my %in_theirs = map { $_ => 1 } split(/\n/, $theirs);
      # A line of the base that one side removed stays removed.
      my %removed = map { $_ => 1 } grep { !$in_ours{$_} || !$in_theirs{$_} } split(/\n/, $base);
      @lines = grep { !$removed{$_} } @lines;
      if (grep { !/^\s*$/ && !/^import\s+(static\s+)?[\w.]+(\.\*)?\s*;\s*$/ } @lines) {
        $left++; "<<<<<<< ours\n$ours||||||| base\n$base=======\n$theirs>>>>>>> theirs\n";
      } else {
        my %seen; join("", map { "$_\n" } grep { /\S/ && !$seen{$_}++ } @lines);
      }
    }gmse;
    open(my $out, ">", $file) or die "$file: $!\n"; print $out $src; close $out;
    print $left ? "$file: $left conflict(s) with other lines left to resolve by hand\n"
                : "$file: import conflicts resolved\n";
  }
' "${files[@]}"
"$here/fix-imports.sh" "$here/classes.map" "${files[@]}"
