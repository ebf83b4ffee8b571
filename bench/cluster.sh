#!/usr/bin/env bash
# Ingest a synthetic WARC archive through a local multi-process Dask cluster into PostgreSQL
# and print wall time, CPU per article, peak memory of the workers and the scheduler, and the
# store's size. Needs a PostgreSQL server (e.g. the one `bash scripts/system-deps.sh` starts).
#
#     bash bench/cluster.sh 4000 postgresql://eventwire@127.0.0.1:55432     # N articles, server
#
# The archive comes from bench/archive.py; the database ew_archive_N is dropped and recreated.
set -euo pipefail
N=${1:?number of articles}; SERVER=${2:?postgresql://user@host:port}
cd "$(dirname "$0")/.."
BIN=.venv/bin; WORK=$(mktemp -d); DB=ew_archive_$N; PORT=${DASK_PORT:-8786}
$BIN/python bench/archive.py --n "$N" --format warc -o "$WORK/news.warc.gz"
psql "$SERVER/postgres" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
$BIN/dask scheduler --port "$PORT" --no-dashboard > "$WORK/scheduler.log" 2>&1 & S=$!
$BIN/dask worker "tcp://127.0.0.1:$PORT" --nworkers 2 --nthreads 1 --memory-limit 6GB \
    --no-dashboard > "$WORK/worker.log" 2>&1 & W=$!
trap 'kill $W $S 2>/dev/null || true' EXIT
sleep 10
( peak_w=0; peak_s=0; while kill -0 $S 2>/dev/null; do
    w=$(ps -o rss= --ppid $W 2>/dev/null | sort -n | tail -1 | tr -d ' '); s=$(ps -o rss= -p $S | tr -d ' ')
    [ -n "$w" ] && [ "$w" -gt "$peak_w" ] && peak_w=$w; [ -n "$s" ] && [ "$s" -gt "$peak_s" ] && peak_s=$s
    echo "$peak_w $peak_s" > "$WORK/peak"; sleep 2; done ) &
start=$(date +%s.%N)
/usr/bin/time -f "client: user %U s, sys %S s, max RSS %M KB" \
    $BIN/eventwire --db "postgresql+psycopg://${SERVER#postgresql://}/$DB" ingest \
    --dask "tcp://127.0.0.1:$PORT" "$WORK/news.warc.gz" -q
wall=$(echo "$(date +%s.%N) - $start" | bc)
cpu=$(ps -o cputimes= --ppid $W | awk '{s += $1} END {print s}')
read -r size articles events < <(psql "$SERVER/$DB" -tAF' ' -c \
    "select pg_database_size('$DB'), (select count(*) from articles), (select count(*) from events)")
read -r peak_w peak_s < "$WORK/peak"
echo "articles $articles, events $events, wall ${wall} s ($(echo "$articles / $wall" | bc -l | cut -c1-5) art/s)"
echo "worker CPU ${cpu} s ($(echo "1000 * $cpu / $articles" | bc -l | cut -c1-5) ms/article)"
echo "peak RSS: worker $((peak_w / 1024)) MB, scheduler $((peak_s / 1024)) MB; store $((size / 1048576)) MB"
