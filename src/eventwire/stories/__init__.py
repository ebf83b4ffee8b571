"""Stories: reports of one happening grouped across languages and outlets, and their events merged.

- `cluster.assign_articles(store, ids, settings=...)` places newly stored articles (incremental);
  `cluster.rebuild(store, settings=...)` re-clusters everything in ingest order.
- `merge.merge_story_events(store, story_id)` rewrites a story's canonical events.
- `embed` (title+lead sentence embeddings), `features`/`state` (what clustering compares),
  `repo` (rows in and out), `metrics` (pairwise and B-cubed scores against gold labels).
"""
