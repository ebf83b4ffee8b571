"""The web UI: Jinja2 templates, static assets and vendored front-end libraries."""
