#!/usr/bin/env bash
# Rewrites Java sources after classes moved package (issue 10, "Layout").
#
#   docs/relayout/fix-imports.sh [MAPPING] [DIR|FILE ...]
#
# MAPPING (default: classes.map next to this script): one "old.pkg.Class new.pkg.Class" pair a line, '#' comments.
# For every .java file under the given paths (default: the repository root, target/ skipped):
#   1. every fully qualified old name (imports, static imports, FQCN in code, javadoc) becomes the new
#      one; a longer name that merely starts with it (io.postrain.lm.DecoderTest) is left alone;
#   2. a file in the old package of a moved class that uses its simple name (it needed no import
#      before) gets "import new.pkg.Class;"; so does a file in a package that received classes
#      from that old package (a moved file another branch edited arrives with the new package line
#      but may use old neighbours by simple name), unless its own folder has a class of that name;
#   3. a file whose package is now the class's new package loses the import of it (same package);
#   4. the package line of a file that itself is listed in the mapping (moved by git mv) is set.
# A line "pkg.Class pkg.Class" (unchanged) names a class that stays: files moved out of its package
# get an import of it.
# A class renamed (another simple name) also gets its simple name replaced in the files that meant it
# (they import it, or sit in its package without importing another class of that name).
# Wildcard imports of an old package are reported, not rewritten. Run `./mvnw -B -q spotless:apply`
# afterwards: it orders the imports and drops any added import that turns out unused.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(git -C "$here" rev-parse --show-toplevel)"
map="${1:-$here/classes.map}"
[ $# -gt 0 ] && shift
[ $# -eq 0 ] && set -- "$root"
find "$@" -name '*.java' -not -path '*/target/*' -print0 |
  xargs -0 perl -e '
    use strict; use warnings;
    my $map = shift @ARGV;
    open(my $m, "<", $map) or die "cannot read mapping $map: $!\n";
    my @pairs;
    while (<$m>) {
      s/#.*//; next unless /\S/;
      my ($old, $new) = split;
      die "bad mapping line: $_" unless defined $new;
      push @pairs, [$old, $new];
    }
    # Longest old names first, so a nested or longer name is handled before its prefix.
    @pairs = sort { length($b->[0]) <=> length($a->[0]) } @pairs;
    my %oldpkgs = map { (my $p = $_->[0]) =~ s/\.[^.]+$//; ($p => 1) } @pairs;
    # split{new package}{old package}: the new package received classes from the old one.
    my %split;
    for my $p (@pairs) {
      (my $o = $p->[0]) =~ s/\.[^.]+$//; (my $n = $p->[1]) =~ s/\.[^.]+$//;
      $split{$n}{$o} = 1 if $o ne $n;
    }
    for my $file (@ARGV) {
      local $/; open(my $in, "<", $file) or die "$file: $!\n"; my $src = <$in>; close $in;
      my $orig = $src;
      my ($pkg) = $src =~ /^package\s+([\w.]+)\s*;/m; $pkg //= "";
      (my $self = $file) =~ s{.*/src/(?:main|test)/java/}{}; $self =~ s{\.java$}{}; $self =~ s{/}{.}g;
      my $final = $pkg;  # the package the file is in after the moves
      for my $p (@pairs) {
        if ($self eq $p->[1]) { ($final = $p->[1]) =~ s/\.[^.]+$//; }
      }
      $src =~ s/^package\s+[\w.]+\s*;/package $final;/m if $final ne $pkg;
      # Code only: comments, strings, package and import lines stripped.
      (my $code = $src) =~ s{/\*.*?\*/}{}gs; $code =~ s{//[^\n]*}{}g; $code =~ s{"(?:\\.|[^"\\])*"}{""}g;
      $code =~ s/^(package|import)\s[^\n]*//mg;
      my @add;
      for my $p (@pairs) {
        my ($old, $new) = @$p;
        (my $oldpkg = $old) =~ s/\.[^.]+$//; (my $newpkg = $new) =~ s/\.[^.]+$//;
        (my $simple = $old) =~ s/.*\.//;
        (my $newsimple = $new) =~ s/.*\.//;
        if ($simple ne $newsimple) {  # a rename: the simple name changes where it meant this class
          my $imported = $src =~ /^import\s+\Q$old\E\s*;/m;
          my $other = $src =~ /^import\s+(?!\Q$old\E\s*;)[\w.]+\.\Q$simple\E\s*;/m;
          if ($imported || ($pkg eq $oldpkg && !$other) || $self eq $new) {
            $src =~ s/(?<![\w.])\Q$simple\E(?![\w])/$newsimple/g;
          }
        }
        $src =~ s/(?<![\w.])\Q$old\E(?![\w])/$new/g if $old ne $new;
        next if $self eq $new;
        (my $dir = $file) =~ s{/[^/]+$}{};
        if (($pkg eq $oldpkg || $split{$final}{$oldpkg}) && $final ne $newpkg
            && $src !~ /^import\s+(?:static\s+)?[\w.]+\.\Q$simple\E\s*;/m
            && $src !~ /^import\s+\Q$new\E\s*;/m && !-e "$dir/$newsimple.java"
            && $code =~ /(?<![\w.])\Q$simple\E(?![\w])/) {
          push @add, $new;  # it was (or, for a moved file that another branch edited, may have been) visible without an import
        }
        $src =~ s/^import\s+\Q$new\E\s*;\n//mg if $final eq $newpkg;  # same package now
      }
      if (@add) {
        my $imports = join("", map { "import $_;\n" } @add);
        $src =~ s/^(package\s+[\w.]+\s*;\n)/$1\n$imports/m;
      }
      while ($src =~ /^import\s+([\w.]+)\.\*\s*;/mg) {
        print STDERR "$file: wildcard import of $1.* - check it by hand\n" if $oldpkgs{$1};
      }
      if ($src ne $orig) {
        open(my $out, ">", $file) or die "$file: $!\n"; print $out $src; close $out;
        print "rewrote $file\n";
      }
    }
  ' "$map"
