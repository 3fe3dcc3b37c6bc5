#!/usr/bin/env bash
# Issue 10 item 6: the services' tests read and write topics through io.postrain.testing.TopicRecords
# (service-testing), not through their own Fixtures. Rewrites Fixtures.produce/readAll/awaitRecords
# calls in .java files (default: the three services' tests) and adds the import.
#   docs/relayout/fix-fixtures.sh [DIR|FILE ...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(git -C "$here" rev-parse --show-toplevel)"
[ $# -eq 0 ] && set -- "$root"/inference-service/src/test "$root"/curation-service/src/test "$root"/trainer-service/src/test
find "$@" -name '*.java' -not -path '*/target/*' -print0 |
  xargs -0 perl -e '
    for my $file (@ARGV) {
      local $/; open(my $in, "<", $file) or die "$file: $!\n"; my $src = <$in>; close $in;
      my $n = ($src =~ s/\bFixtures\.(awaitRecords|readAll|produce)\(/TopicRecords.$1(/g);
      next unless $n;
      $src =~ s/^(package\s+[\w.]+\s*;\n)/$1\nimport io.postrain.testing.TopicRecords;\n/m
        unless $src =~ /^import\s+io\.postrain\.testing\.TopicRecords\s*;/m;
      open(my $out, ">", $file) or die "$file: $!\n"; print $out $src; close $out;
      print "rewrote $file ($n calls)\n";
    }
  '
