"""`flask --app wsgi ...` commands: init-db, create-user, seed-demo, outbox-run."""

from __future__ import annotations

import signal
import sys

import click
from flask import Flask, current_app
from flask_migrate import upgrade

from .models import Role
from .services import accounts, case_state, demo, geocode_batch, planning, volume
from .services.clock import today
from .services.planning_checks import PeriodRequest, PlanningRefused
from .services.reference_data import ensure_reference_data
from .services.refusal import Refusal
from .services.sms_worker import OutboxWorker
from .sms.backends import backend_from_settings
from .views.issue_text import refusal_text, text_of


def register(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(create_user)
    app.cli.add_command(seed_demo)
    app.cli.add_command(geocode_missing)
    app.cli.add_command(outbox_run)
    app.cli.add_command(refresh_steps)
    app.cli.add_command(plan_period)
    app.cli.add_command(seed_volume)


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
                   f"{added['suspension_periods']} suspension period(s); "
                   f"upgraded {added['rule_sets_upgraded']} rule set(s) to the shipped revision.")
    # Cases from before the stored current step existed get theirs now.
    filled = case_state.refresh_all(today(), only_missing=True, progress=_progress)
    if filled:
        click.echo(f"Stored the current step of {filled} case(s).")


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
    except Refusal as refused:
        raise click.ClickException(refusal_text(refused)) from refused
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


@click.command("outbox-run")
@click.option("--once", is_flag=True, help="One pass over the outbox, then exit.")
@click.option("--poll", default=5.0, show_default=True, help="Seconds between passes.")
@click.option("--batch", default=20, show_default=True, help="Messages claimed at a time.")
def outbox_run(once: bool, poll: float, batch: int) -> None:
    """Send queued SMS (SMS_BACKEND), reconcile unknown ones, sweep and purge old ones.

    Several workers may run side by side on PostgreSQL; none sends a message twice.
    """
    settings = current_app.config["SETTINGS"]
    worker = OutboxWorker(backend_from_settings(settings), settings, batch_size=batch)
    if once:
        result = worker.run_once()
        summary = ", ".join(f"{n} {what}" for what, n in sorted(result.counts.items()))
        click.echo(f"Outbox pass done: {summary or 'nothing to do'}.")
        return
    stopping = {"now": False}

    def stop(signum, frame):  # finish the message in hand, then leave
        stopping["now"] = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    click.echo(f"Outbox worker {worker.worker_id} running ({settings.sms_backend}); "
               "Ctrl+C stops it.")
    worker.run_forever(poll_seconds=poll, should_stop=lambda: stopping["now"])
def _progress(done: int, total: int) -> None:
    click.echo(f"  {done}/{total} cases", err=True)


@click.command("refresh-steps")
def refresh_steps() -> None:
    """Recompute every case's stored status and current step (after a rule-set change).

    Idempotent: running it again changes nothing.
    """
    click.echo("Recomputing the current step of every case ...")
    changed = case_state.refresh_all(today(), progress=_progress)
    click.echo(f"Done: {changed} case(s) changed.")


def _duration(seconds: int) -> str:
    hours, minutes = divmod(round(seconds / 60), 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


@click.command("plan-period")
@click.argument("start", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.argument("end", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.option("--mode", default="keep_locked", show_default=True,
              type=click.Choice(["fit_new", "keep_locked", "replan_all"]),
              help="fit_new: keep routes, add new visits; keep_locked: keep done, locked "
                   "and started stops; replan_all: everything not yet done.")
def plan_period(start, end, mode: str) -> None:
    """Plan the open visits from START to END (YYYY-MM-DD) for all active teams.

    Plans exactly as the planning page does and stores the plan; prints one line per
    team-day and, last, "planned N, unplaced M".
    """
    request = PeriodRequest(start.date(), end.date(), None, mode)
    try:
        result = planning.plan_period(request, today=today())
    except PlanningRefused as refused:
        lines = []
        for problem in refused:
            lines.append(text_of(problem.code, problem.params))
            lines.extend(f"  - {label}" for label, _id in problem.items)
        raise click.ClickException("\n".join(lines)) from None
    for day in result.days:
        hours = (f"{day.leave:%H:%M}-{day.back:%H:%M}" if day.leave and day.back else "empty")
        click.echo(f"{day.day.isoformat()}  {day.team:<24} {day.stops:>2} stops  {hours:<11}  "
                   f"{day.travel_metres / 1000:5.1f} km  {_duration(day.travel_seconds)} travel")
    click.echo(f"planned {result.planned}, unplaced {result.unplaced}")
@click.command("seed-volume")
@click.option("--cases", "count", type=click.IntRange(1, 1_000_000), required=True,
              help="How many cases to add.")
@click.option("--seed", default=1, show_default=True, help="Random seed (same data each run).")
def seed_volume(count: int, seed: int) -> None:
    """Add N cases of history over 5 years, mostly decided (load tests). Refused in production."""
    if current_app.config["SETTINGS"].production:
        raise click.ClickException("seed-volume is for load tests; APP_ENV=production refuses it.")
    click.echo(f"Adding {count} cases over {volume.YEARS} years ...")
    volume.seed_volume(count, today(), seed=seed, progress=_progress)
    click.echo(f"Done: {count} cases added.")
