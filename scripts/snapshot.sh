#!/usr/bin/env bash
# Writes what a chancery binary answers for the bench query set, one file per request, so that
# two builds (before and after a refactoring) can be compared byte for byte:
#
#   scripts/snapshot.sh OLD_BIN INDEX /tmp/before
#   scripts/snapshot.sh NEW_BIN INDEX /tmp/after
#   diff -r /tmp/before /tmp/after && echo same
#
# INDEX is an index both binaries can read (build it with either: `chancery ingest
# ../shared/corpus --index INDEX`). Each query of benches/queries.tsv is asked as a page of
# hits with every facet, with context (question and answers), grouped by transcript, as an
# export, and through the research commands; plus the speaker listing, a typo-corrected
# query and filters.
set -euo pipefail
if [ $# -ne 3 ]; then
    echo "usage: $0 CHANCERY_BIN INDEX OUT_DIR" >&2
    exit 2
fi
bin=$1 index=$2 out=$3
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
run() { # name, args...
    local name=$1
    shift
    "$bin" --index "$index" --color never "$@" >"$out/$name" 2>&1 || echo "exit $?" >>"$out/$name"
    # The time a search took is the one field that differs between two runs of one build.
    sed -i -e '/"took_ms":/d' -e 's/ ([0-9.]* ms)//' "$out/$name"
}
facets=speaker,topic,country,kind,year,month,mentions,role,speaker_kind,source
n=0
while IFS=$'\t' read -r type query _; do
    case "$type" in '#'* | '') continue ;; esac
    n=$((n + 1))
    run "$n.page.json" search "$query" --json --facets "$facets" -n 20
    run "$n.offset.json" search "$query" --json -n 10 --offset 95
    run "$n.context.json" search "$query" --json --context -n 5
    run "$n.group.json" search "$query" --json --group-by transcript -n 10
    run "$n.newest.json" search "$query" --json --sort newest -n 10 --from 2021-06 --to 2022
    run "$n.all.jsonl" search "$query" --all
    run "$n.every-copy.json" search "$query" --json --every-copy -n 10
    run "$n.text" search "$query" -n 5
    run "$n.kwic.json" kwic "$query" --json -n 20
    run "$n.trend.json" trend "$query" --json --by year
done <"$here/benches/queries.tsv"
run quote.json quote "we extended New START for five years" --json
run speakers.json speakers --json
run typo.json search "Havanna syndrom" --json -n 5
run filters.json search Iran --json --speaker "Ned Price" --kind "press briefing" --interpreted no -n 10
echo "$n queries written to $out"
