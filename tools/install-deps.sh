#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Installs the Debian 12 packages vgicsim needs to build, test and plot.
# Idempotent and quiet when everything is already present. Needs root (apt-get).
set -euo pipefail

packages=(
  build-essential cmake pkg-config  # toolchain
  libyaml-dev                       # scenario loader
  libjansson-dev                    # JSON reports
  check libsubunit-dev              # unit tests (Check's pkg-config file needs subunit)
  gnuplot-nox                       # plots (run time)
  help2man                          # the man page, generated from --help at build time
  python3                           # vgicsim-scenario(5), from docs/ by tools/md2man.py
  libxml2-utils                     # tests: xmllint checks SVG plots
  parallel                          # tests: tools/sweep-parallel.sh (GNU parallel)
  man-db procps bash-completion     # tests: man -l, ps, the completion file as bash runs it
  python3-jsonschema                # tests: reports validated against docs/report.schema.json
  time                              # peak memory of the hostile-run tests (/usr/bin/time)
  clang libclang-rt-dev             # fuzzing: clang and libFuzzer (tools/fuzz.sh)
  locales                           # determinism test: builds de_DE.UTF-8 with localedef
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
