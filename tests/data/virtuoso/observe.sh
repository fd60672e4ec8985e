#!/usr/bin/env bash
# Starts a throwaway Virtuoso (as tests/suite/virtuoso.rs does: a fresh database in a
# temporary folder, both servers on free 127.0.0.1 ports, ResultSetMaxRows 10000,
# MaxQueryExecutionTime 2 s), loads the INF case and the synthetic set into named
# graphs, and prints every curl request of NOTES.md with what Virtuoso answered (bodies
# cut after a few hundred bytes). Kills the server on exit. Needs virtuoso-t and isql-vt
# (scripts/setup --virtuoso), curl and python3 (to find free ports).
set -euo pipefail
cd "$(dirname "$0")/../../.."
repo=$PWD
command -v virtuoso-t >/dev/null || { echo "virtuoso-t is not installed: run scripts/setup --virtuoso" >&2; exit 1; }
dir=$(mktemp -d)
mkdir "$dir/data"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
http=$(free_port) sql=$(free_port)
cat >"$dir/virtuoso.ini" <<EOF
[Database]
DatabaseFile = $dir/virtuoso.db
ErrorLogFile = $dir/virtuoso.log
LockFile = $dir/virtuoso.lck
TransactionFile = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = $dir/virtuoso-temp.db
TransactionFile = $dir/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:$sql
DisableUnixSocket = 1
DirsAllowed = $dir, $dir/data
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
[HTTPServer]
ServerPort = 127.0.0.1:$http
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 2
EOF
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f} s')" "$1" "$(now)"; }
start=$(now)
(cd "$dir" && exec virtuoso-t -f -c "$dir/virtuoso.ini" >"$dir/stdout.log" 2>&1) &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
E=http://127.0.0.1:$http/sparql
for _ in $(seq 600); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$E?query=ASK%7B%7D" || true) == 200 ]] && break
  sleep 0.1
done
echo "# Virtuoso $(virtuoso-t -? 2>&1 | grep -m1 -o 'Version [^ ]*'), started in $(since "$start"); E=$E"
echo "# listening (ss -Hltnp, pid $pid):"
ss -Hltnp | grep "pid=$pid," | awk '{print "#   " $4}'

# Loads files into a graph: DB.DBA.TTLP_MT on a copy in the database folder.
load() {
  local graph=$1 sql="" t copy
  shift
  t=$(now)
  for file in "$@"; do
    copy="$dir/data/$(basename "$file")"
    cp "$repo/$file" "$copy"
    sql+="DB.DBA.TTLP_MT(file_to_string_output('$copy'), '', '$graph'); "
  done
  isql-vt "127.0.0.1:$sql_port" dba dba "exec=$sql" >/dev/null
  echo "# loaded <$graph> in $(since "$t"): $*"
}
sql_port=$sql
load urn:stancegraph:test:inf ontology/stancegraph.ttl data/sources/documents.ttl \
  data/inf-treaty/actors.ttl data/inf-treaty/claims.ttl data/inf-treaty/statements.ttl
load urn:stancegraph:test:synthetic data/fixtures/synthetic-10k.ttl
load urn:stancegraph:test:tiny data/fixtures/tiny.ttl
INF=urn:stancegraph:test:inf SYN=urn:stancegraph:test:synthetic TINY=urn:stancegraph:test:tiny
J='Accept: application/sparql-results+json' X='Accept: application/sparql-results+xml'
A='<https://w3id.org/stancegraph/ns#Accusation>'

# Prints a command as written, then what it printed (at most $CUT bytes), timed.
CUT=700
run() {
  echo
  echo "\$ $1"
  local t out
  t=$(now)
  out=$(eval "$1" 2>&1 || echo "(exit status $?)")
  printf '%s' "${out:0:$CUT}"
  ((${#out} > CUT)) && printf '\n[... %d bytes in all]' "${#out}"
  echo
  echo "# ($(since "$t"))"
}
head_only='-s -D - -o /dev/null'
section() { echo; echo "## $1"; }

section "a: a SELECT over ResultSetMaxRows (10000)"
run 'curl -s -H "$J" --data-urlencode "query=SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }" --data-urlencode "default-graph-uri=$SYN" $E'
run 'curl -s -D - -H "$J" --data-urlencode "query=SELECT ?s ?p ?o WHERE { ?s ?p ?o }" --data-urlencode "default-graph-uri=$SYN" $E'
run 'curl -s -H "$J" --data-urlencode "query=SELECT ?s ?p ?o WHERE { ?s ?p ?o }" --data-urlencode "default-graph-uri=$SYN" $E | grep -c "\"s\": "'
run 'curl -s -D - -H "$X" --data-urlencode "query=SELECT ?s ?p ?o WHERE { ?s ?p ?o }" --data-urlencode "default-graph-uri=$SYN" $E'
run 'curl -s -H "$X" --data-urlencode "query=SELECT ?s ?p ?o WHERE { ?s ?p ?o }" --data-urlencode "default-graph-uri=$SYN" $E | grep -c "<result>"'
run 'curl -s -H "$X" --data-urlencode "query=SELECT ?s ?p ?o WHERE { ?s ?p ?o }" --data-urlencode "default-graph-uri=$SYN" $E | tail -c 250'
run 'curl $head_only -H "$J" --data-urlencode "query=SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10000" --data-urlencode "default-graph-uri=$SYN" $E | grep -i -E "^HTTP|MaxRows"'
run 'curl $head_only -H "$J" --data-urlencode "query=SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 9999" --data-urlencode "default-graph-uri=$SYN" $E | grep -i -E "^HTTP|MaxRows"'
run 'curl $head_only -H "Accept: text/csv" --data-urlencode "query=SELECT ?s ?p ?o WHERE { ?s ?p ?o }" --data-urlencode "default-graph-uri=$SYN" $E | grep -i -E "^HTTP|MaxRows"'
run 'curl -s -D - -o /tmp/construct.nt -H "Accept: application/n-triples" --data-urlencode "query=CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }" --data-urlencode "default-graph-uri=$SYN" $E | grep -i -E "^HTTP|MaxRows"; sort -u /tmp/construct.nt | grep -c .'
run 'curl -s -H "Accept: text/turtle" "http://127.0.0.1:$http/sparql-graph-crud?graph-uri=$SYN" | grep -c " \.$"'

section "b: a query over MaxQueryExecutionTime (2 s)"
CUT=1200
CROSS='SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d }'
run 'curl -s -D - --max-time 30 -H "$J" --data-urlencode "query=$CROSS" --data-urlencode "default-graph-uri=$SYN" $E'
run 'curl -s -D - --max-time 30 -H "$J" --data-urlencode "query=$CROSS" --data-urlencode "default-graph-uri=$SYN" --data-urlencode "timeout=1000" $E'
run 'curl -s -D - --max-time 30 -H "$J" --data-urlencode "query=$CROSS" --data-urlencode "default-graph-uri=$SYN" --data-urlencode "timeout=5000" $E | grep -E "^HTTP|X-SQL-State|X-Exec-Milli|value"'
CUT=400
PAIRS='SELECT ?a ?c WHERE { ?a ?p ?b . ?c ?q ?d . FILTER(STR(?b) = STR(?d) && ?a != ?c) }'
run 'curl -s -D - --max-time 30 -H "$J" --data-urlencode "query=$PAIRS" --data-urlencode "default-graph-uri=$SYN" $E'
run 'curl -s -D /tmp/pairs.h -o /tmp/pairs.json --max-time 30 -H "$J" --data-urlencode "query=$PAIRS" --data-urlencode "default-graph-uri=$SYN" --data-urlencode "timeout=1000" $E; cat /tmp/pairs.h; grep -c "\"a\": " /tmp/pairs.json'
CUT=700

section "c: POST forms"
run 'curl -s -D - --max-time 10 -H "$J" --data-urlencode "query=SELECT (COUNT(*) AS ?n) WHERE { ?s a $A }" --data-urlencode "default-graph-uri=$INF" $E'
run 'curl -s -D - --max-time 10 -H "$J" -H "Content-Type: application/sparql-query" --data-binary "SELECT (COUNT(*) AS ?n) WHERE { ?s a $A }" "$E?default-graph-uri=$INF"'
run 'curl -s -D - --max-time 30 -H "$J" -H "Content-Type: application/sparql-query" --data-binary "ASK {}" "$E"'
run 'curl -s -G -D - --max-time 10 -H "$J" --data-urlencode "query=ASK { ?s a $A }" --data-urlencode "default-graph-uri=$INF" $E'

section "d: terms, ASK, blank nodes, graphs"
DOC='SELECT ?label ?date ?publisher ?yes ?seventeen WHERE { <https://w3id.org/stancegraph/inf/doc-blog-2019-02-04> <http://www.w3.org/2000/01/rdf-schema#label> ?label ; <http://purl.org/dc/terms/date> ?date ; <http://purl.org/dc/terms/publisher> ?publisher . BIND(true AS ?yes) BIND(17 AS ?seventeen) }'
run 'curl -s -H "$J" --data-urlencode "query=$DOC" --data-urlencode "default-graph-uri=$INF" $E'
CUT=1200
run 'curl -s -H "$X" --data-urlencode "query=$DOC" --data-urlencode "default-graph-uri=$INF" $E'
CUT=700
run 'curl -s -H "$J" --data-urlencode "query=SELECT ?q WHERE { <https://w3id.org/stancegraph/inf/s03-trump-announces-termination> <https://w3id.org/stancegraph/ns#quote> ?q }" --data-urlencode "default-graph-uri=$INF" $E'
run 'curl -s -H "$J" --data-urlencode "query=SELECT ?q WHERE { <https://example.org/tiny/a1> <https://w3id.org/stancegraph/ns#quote> ?q }" --data-urlencode "default-graph-uri=$TINY" $E'
run 'curl -s -H "$J" --data-urlencode "query=SELECT ?list ?first WHERE { <https://w3id.org/stancegraph/ns#Stance> <http://www.w3.org/2002/07/owl#oneOf> ?list . ?list <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ?first }" --data-urlencode "default-graph-uri=$INF" $E'
run 'curl -s -H "Accept: text/csv" --data-urlencode "query=SELECT ?first WHERE { <nodeID://b10000> <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ?first }" --data-urlencode "default-graph-uri=$INF" $E'
run 'curl -s -H "$J" --data-urlencode "query=ASK { ?s a $A }" --data-urlencode "default-graph-uri=$INF" $E'
run 'curl -s -H "$X" --data-urlencode "query=ASK { ?s a $A }" --data-urlencode "default-graph-uri=$INF" $E'
run 'curl -s -H "$J" --data-urlencode "query=ASK { ?s a <urn:x:Nothing> }" --data-urlencode "default-graph-uri=$INF" $E'
run 'curl -s -H "Accept: text/boolean" --data-urlencode "query=ASK {}" $E | head -3'
run 'curl -s -H "Accept: text/csv" --data-urlencode "query=SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g" $E'
run 'curl -s -H "Accept: text/csv" --data-urlencode "query=SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }" $E'
run 'curl -s -H "Accept: text/csv" --data-urlencode "query=SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://www.w3.org/2002/07/owl#Class> }" $E'
run 'curl -s -H "Accept: text/csv" --data-urlencode "query=SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://www.w3.org/2002/07/owl#Class> }" --data-urlencode "default-graph-uri=$SYN" $E'

section "e: paging"
page() { curl -s -H "Accept: text/csv" --data-urlencode "query=SELECT ?s ?p ?o WHERE { ?s ?p ?o } $1" --data-urlencode "default-graph-uri=$SYN" $E | tail -n +2; }
run 'for k in 0 2500 5000 7500; do page "ORDER BY ?s ?p ?o LIMIT 2500 OFFSET $k"; done | sha256sum'
run 'for k in 0 2500 5000 7500; do page "ORDER BY ?s ?p ?o LIMIT 2500 OFFSET $k"; done | sha256sum'
run 'page "ORDER BY ?s ?p ?o LIMIT 10000" | sha256sum'
run 'curl -s -D - -H "$J" --data-urlencode "query=SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 1 OFFSET 10000" --data-urlencode "default-graph-uri=$SYN" $E'
run 'curl -s -D - -H "$J" --data-urlencode "query=SELECT ?s ?p ?o WHERE { ?s ?p ?o } OFFSET 5000" --data-urlencode "default-graph-uri=$SYN" $E'
run 'for k in $(seq 0 10000 80000); do page "LIMIT 10000 OFFSET $k"; done | sort -u | wc -l'

section "f: one named graph"
run 'curl -s -H "Accept: text/csv" --data-urlencode "query=SELECT (COUNT(*) AS ?n) WHERE { ?s a $A }" $E'
run 'curl -s -H "Accept: text/csv" --data-urlencode "query=SELECT (COUNT(*) AS ?n) WHERE { ?s a $A }" --data-urlencode "default-graph-uri=$INF" $E'
run 'curl -s -H "Accept: text/csv" --data-urlencode "query=SELECT (COUNT(*) AS ?n) FROM <$INF> WHERE { ?s a $A }" $E'
run 'curl -s -H "Accept: text/csv" --data-urlencode "query=SELECT (COUNT(*) AS ?n) FROM <$TINY> WHERE { ?s a $A }" --data-urlencode "default-graph-uri=$INF" $E'
run 'curl -s -H "Accept: text/csv" --data-urlencode "query=SELECT (COUNT(*) AS ?n) WHERE { GRAPH <$INF> { ?s a $A } }" $E'
run 'curl -s -H "Accept: text/csv" --data-urlencode "query=SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }" --data-urlencode "default-graph-uri=$INF" $E'
run 'curl -s -H "Accept: text/csv" --data-urlencode "query=SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }" --data-urlencode "default-graph-uri=$INF" --data-urlencode "named-graph-uri=$INF" $E'
run 'curl -s -H "Accept: text/csv" --data-urlencode "query=SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }" --data-urlencode "named-graph-uri=$INF" $E'
run 'curl -s -H "Accept: text/csv" --data-urlencode "query=SELECT (COUNT(*) AS ?n) WHERE { ?s a $A }" --data-urlencode "default-graph-uri=urn:no-such-graph" $E'

section "authenticated endpoint"
run 'curl -s -D - -o /dev/null --data-urlencode "query=ASK {}" http://127.0.0.1:$http/sparql-auth | grep -i -E "^HTTP|WWW-Auth"'
run 'curl -s -o /dev/null -w "%{http_code}\n" --basic -u dba:dba --data-urlencode "query=ASK {}" http://127.0.0.1:$http/sparql-auth'
run 'curl -s --digest -u dba:dba -H "Accept: text/csv" --data-urlencode "query=SELECT (COUNT(*) AS ?n) WHERE { ?s a $A }" --data-urlencode "default-graph-uri=$INF" http://127.0.0.1:$http/sparql-auth'
