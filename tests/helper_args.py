"""helper_args.py — the command line of the test helpers: args(doc, least, most,
options) returns the arguments, or stops with one line and exit 2 when one is an
option the helper does not know (a path starting with "-" is taken for one:
`make_docx.py --help` once made a folder named --help) or their count is wrong.
doc is the helper's docstring; its first line is the usage."""
import sys


def args(doc, least, most=None, options=()):
    argv = sys.argv[1:]
    usage = "usage: " + doc.strip().splitlines()[0].split(" — ")[0]
    if any(a in ("-h", "--help") for a in argv):
        print(usage)
        sys.exit(0)
    for a in argv:
        if a.startswith("-") and a != "-" and a not in options:
            _die(f"unknown option {a}", usage)
    if len(argv) < least or (most is not None and len(argv) > most):
        _die(f"{len(argv)} argument{'s' if len(argv) != 1 else ''}", usage)
    return argv


def _die(what, usage):
    sys.stderr.write(f"{sys.argv[0]}: {what}; {usage}\n")
    sys.exit(2)
