#!/usr/bin/env bash
# examples/: the programs built against the public header run and print what they promise.
. "$(dirname "$0")/lib.sh"

ex=$TOP/${O:-build/debug}/examples/store_headlines
must "store_headlines on the seeds" "$ex" "$T/s" "$SHARED_DIR/seeds" >"$T/out1"
check_eq "first add: five new articles" "$(sed -n 1p "$T/out1")" "add 1: 5 new articles"
must "digest --store" "$NF" digest --store "$T/s" >"$T/d.jsonl"
head=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["digest"]["headline"]["text"])' "$T/d.jsonl")
check_eq "one story of five with its digest's headline" "$(sed -n 2p "$T/out1")" \
	"story 1: 5 articles: $head"
check "the headline is not empty" test -n "$head"
must "store_headlines again" "$ex" "$T/s" "$SHARED_DIR/seeds" >"$T/out2"
check_eq "second add: nothing new, the same story" "$(cat "$T/out2")" \
	"add 2: 0 new articles
story 1: 5 articles: $head"
check_exit "usage" 2 "$ex"
finish
