#!/bin/sh
# multihost.sh — spread a batch over several machines with GNU parallel.
#
#   tools/multihost.sh -S SSHLOGINS [-t FMT] [-o DIR] [-x FISCUS] [--joblog FILE] INPUT…
#
# Run it in the directory above the inputs and name them relatively (2023/x.pdf):
# each input is copied to a host that is free (--transferfile), converted there
# by `fiscus INPUT -t FMT`, its output copied back to DIR/2023/x.FMT (--return)
# and both removed from the host (--cleanup). The outputs are byte for byte those
# of `fiscus --files-from LIST -t FMT -o DIR/` run here: fiscus's outputs depend
# on the input's bytes and its name alone.
#
#   -S SSHLOGINS  GNU parallel's --sshlogin list: "8/alice@node1,node2,:" (8 jobs on
#                 node1; node2's core count; ':' is this machine). Hosts need ssh
#                 access without a password, rsync, perl, and fiscus installed.
#   -t FMT        the output format (default json)
#   -o DIR        where outputs go (default out), created if missing
#   -x FISCUS     the fiscus program on the hosts (default fiscus, from their PATH)
#   --joblog FILE parallel's record of every job: host, seconds, exit status
#   FISCUS_SSH    the ssh command parallel and rsync use (default ssh)
#
# One bad input fails its own job only. Every input whose output did not come back
# is named on stderr; the exit status is their number (0: all converted; 101 means
# more than 100), as GNU parallel counts failed jobs.
set -eu
hosts="" fmt=json out=out remote=fiscus joblog=""
usage() { echo "usage: tools/multihost.sh -S SSHLOGINS [-t FMT] [-o DIR] [-x FISCUS] [--joblog FILE] INPUT…" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    -S) [ $# -ge 2 ] || usage; hosts=$2; shift 2 ;;
    -t) [ $# -ge 2 ] || usage; fmt=$2; shift 2 ;;
    -o) [ $# -ge 2 ] || usage; out=${2%/}; shift 2 ;;
    -x) [ $# -ge 2 ] || usage; remote=$2; shift 2 ;;
    --joblog) [ $# -ge 2 ] || usage; joblog=$2; shift 2 ;;
    --) shift; break ;;
    -*) usage ;;
    *) break ;;
  esac
done
[ -n "$hosts" ] && [ $# -gt 0 ] || usage
command -v parallel >/dev/null || { echo "multihost.sh: GNU parallel is needed (apt-get install parallel rsync)" >&2; exit 2; }
for f in "$@"; do
  case $f in
    /* | ../* | */../* | *"/.." | ..) echo "multihost.sh: $f: name inputs relative to this directory, below it" >&2; exit 2 ;;
  esac
  [ -f "$f" ] || { echo "multihost.sh: $f: no such file" >&2; exit 2; }
done
case $out in /* | ../* | */../*) echo "multihost.sh: -o $out: a directory below this one, named relatively" >&2; exit 2 ;; esac
mkdir -p "$out"
# inputs go to parallel NUL-separated, so any file name passes; --wd ... gives each
# job its own directory on the host; {.} is the input without its extension, {//} its
# directory. fiscus writes an output whole or not at all, so a job that fails returns
# nothing. -t, -o and -x go into the hosts' shell command as they are: keep them plain.
# A job whose host could not run it can still be logged by parallel as exit 0 (seen with a
# remote login without $SHELL), so success is judged by what came back: each input's output
# must be there and not the file that was there before (rsync renames a new file into place:
# its inode or time differs; no clock granularity involved).
output_of() { # parallel's {.}: the input without the extension of its last component
  base=${1##*/}
  case $base in ?*.*) printf '%s' "$out/${1%.*}.$fmt" ;; *) printf '%s' "$out/$1.$fmt" ;; esac
}
state_of() { stat -c '%i %y' -- "$1" 2>/dev/null || echo none; }
before=$(mktemp "${TMPDIR:-/tmp}/multihost.XXXXXX")
trap 'rm -f "$before"' EXIT
for f in "$@"; do state_of "$(output_of "$f")"; done >"$before"
set +e
printf '%s\0' "$@" | parallel -0 --will-cite --ssh "${FISCUS_SSH:-ssh}" -S "$hosts" --wd ... \
  ${joblog:+--joblog "$joblog"} \
  --transferfile {} --return "$out/{.}.$fmt" --cleanup \
  "mkdir -p $out/{//} && $remote {} -t $fmt -o $out/{.}.$fmt"
rc=$?
set -e
[ "$rc" -le 101 ] || exit "$rc"   # parallel itself failed (bad option, no hosts)
missing=0
exec 3<"$before"
for f in "$@"; do
  o=$(output_of "$f")
  IFS= read -r was <&3
  now=$(state_of "$o")
  if [ "$now" = none ] || [ "$now" = "$was" ]; then
    missing=$((missing + 1))
    echo "multihost.sh: $f: no output came back ($o)" >&2
  fi
done
exec 3<&-
[ "$missing" -le 100 ] || missing=101
exit "$missing"
