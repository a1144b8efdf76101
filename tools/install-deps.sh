#!/bin/sh
# Installs the Debian packages fiscus builds and tests with, if any is missing.
case $# in 0) ;; *) echo "usage: tools/install-deps.sh (no arguments)" >&2; exit 2 ;; esac
set -e
PKGS="build-essential clang pkg-config libglib2.0-dev libpoppler-glib-dev libxml2-dev libzip-dev libxml2-utils
      python3 python3-jsonschema pandoc poppler-utils qpdf time parallel rsync mupdf-tools python3-pdfminer valgrind hyperfine
      libtesseract-dev tesseract-ocr-chi-sim tesseract-ocr-eng"
missing=""
for p in $PKGS; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
