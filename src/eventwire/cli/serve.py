"""`eventwire serve`: the web UI and the JSON API (uvicorn)."""

from __future__ import annotations

import ipaddress

import click

from eventwire.cli import CliContext, main


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; 0.0.0.0 exposes the server to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              default="info", show_default=True)
@click.pass_obj
def serve(obj: CliContext, host: str, port: int, log_level: str) -> None:
    """Serve the web UI at / and the read-only JSON API at /api/ (OpenAPI: /api/openapi.json).

    Writes (POST /api/articles) are enabled only when EVENTWIRE_WRITE_TOKEN is set.
    """
    import uvicorn

    from eventwire.api import create_app
    from eventwire.errors import EventwireError

    try:
        app = create_app(obj.settings)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    if obj.settings.write_token and not is_loopback(host):
        obj.err.print(f"warning: writes are enabled on {host}: anyone with the token can "
                      "ingest; put the server behind TLS", highlight=False)
    obj.err.print(f"eventwire: serving {obj.settings.db} on http://{host}:{port}/",
                  highlight=False)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)
