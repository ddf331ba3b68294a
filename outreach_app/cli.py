"""`flask --app wsgi ...` commands: init-db, create-user, seed-demo."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask_migrate import upgrade

from .models import Role
from .services import accounts, demo, geocode_batch
from .services.clock import today
from .services.reference_data import ensure_reference_data


def register(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(create_user)
    app.cli.add_command(seed_demo)
    app.cli.add_command(geocode_missing)


@click.command("init-db")
def init_db() -> None:
    """Apply the database migrations and install the shipped rule sets."""
    upgrade()
    added = ensure_reference_data()
    # The part after '@' only: the URL may carry a password.
    where = current_app.config["SQLALCHEMY_DATABASE_URI"].split("@")[-1]
    click.echo(f"Database is up to date ({where}).")
    if any(added.values()):
        click.echo(f"Added {added['rule_sets']} rule set(s) and "
                   f"{added['suspension_periods']} suspension period(s).")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    # Scripts pipe the password in; an argument would end up in the shell history.
    return sys.stdin.readline().rstrip("\n")


@click.command("create-user")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--full-name", default="", help="Shown in the app and the audit trail.")
def create_user(username: str, role: str, full_name: str) -> None:
    """Create a user; the password is read from a prompt or standard input."""
    password = _read_password()
    try:
        user = accounts.create_user(username, role, password, full_name)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {role} {user.username}.")


@click.command("seed-demo")
def seed_demo() -> None:
    """Create the demo month (idempotent). Refused in production."""
    if current_app.config["SETTINGS"].production:
        raise click.ClickException("seed-demo is for demos; APP_ENV=production refuses it.")
    click.echo("Seeding the demo month ...")
    result = demo.seed_demo(today())
    created = ", ".join(f"{n} {kind}" for kind, n in result.created.items())
    click.echo(f"Created: {created}.")
    click.echo("Demo logins (user name / password):")
    for username, role, password in result.logins:
        click.echo(f"  {role:<12} {username:<14} {password}")


@click.command("geocode-missing")
def geocode_missing() -> None:
    """Look up every address without a position (the page's background job, in the foreground)."""
    job = geocode_batch.create_job()
    if job is None:
        raise click.ClickException("A lookup is already running (see the Positions page).")
    click.echo(f"Looking up {job.total} address(es), about one a second ...")
    job = geocode_batch.run(job.id, progress=lambda j: click.echo(
        f"  {j.done}/{j.total} done, {j.failed} not found"))
    click.echo(f"Done: {job.done - job.failed} found, {job.failed} not found.")
