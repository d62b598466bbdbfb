#!/usr/bin/env bash
# nslab web with a big lab: a lab of N nodes on one bridge, nslab web, and headless chromium
# (Debian's, through Selenium) loading the page RUNS times with each picture (picture=canvas, what
# a big lab gets; picture=cytoscape, what it got before), each from a cold server and browser, so
# the first run of each is the cold load. Prints, per load: how long after
# navigation the picture was drawn, how long each second's counter update took in the page,
# and how long a filter of the list took. Usage: sudo bench/web.sh [N] (default 300; RUNS=5).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-300}"
mvn -B -ntp -q -pl labs -am -Dtest=WebLoadBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dnslab.bench.nodes="$n" -Dnslab.bench.runs="${RUNS:-5}" verify >/dev/null
echo "nslab web, $n nodes (chromium headless, $(nproc) cores):"
cat labs/target/web-bench.txt
