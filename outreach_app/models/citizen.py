"""Citizens, their partners and representatives, exemptions and the geocoding cache."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    event,
    false,
    inspect,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._base import UtcDateTime, one_of, utcnow

POSITION_SOURCES = ("demo", "geocoder", "manual", "import")


class Citizen(db.Model):
    """A person who receives benefit and may be sanctioned. Sensitive: every read is audited."""

    __tablename__ = "citizens"
    __table_args__ = (
        one_of("position_source", POSITION_SOURCES),
        CheckConstraint("lat IS NULL OR (lat BETWEEN -90 AND 90)", name="lat_range"),
        CheckConstraint("lon IS NULL OR (lon BETWEEN -180 AND 180)", name="lon_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The municipality's own person reference (never a CPR number).
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(200))
    postcode: Mapped[str] = mapped_column(String(8))
    city: Mapped[str] = mapped_column(String(80))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    position_source: Mapped[str | None] = mapped_column(String(16))
    # Why the last lookup found no position (routes_planner's reason code), so the
    # coordinator's list says what to do; cleared when a position is set.
    geocode_failure: Mapped[str | None] = mapped_column(String(24))
    phone_mobile: Mapped[str | None] = mapped_column(String(20))  # E.164
    phone_other: Mapped[str | None] = mapped_column(String(20))
    digital_post_exempt: Mapped[bool] = mapped_column(Boolean, default=False)
    sms_opt_out: Mapped[bool] = mapped_column(Boolean, default=False)
    # What a field worker needs at the door; never health or case notes.
    access_notes: Mapped[str] = mapped_column(Text, default="")
    # Safety at the door as flags from domain.safety.SafetyFlag (shown on the phone and
    # the route sheet), plus a short free text; never health or case details.
    safety_flags: Mapped[list] = mapped_column(JSON, default=list)
    safety_note: Mapped[str] = mapped_column(Text, default="")
    # A note carried over from the old free-text field (migration 0011) may hold health
    # details: it reaches no phone or route sheet until a coordinator saves the flags.
    safety_review_needed: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default=false())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    # Optimistic locking: a stale edit form cannot revert a colleague's change. The
    # version moves only with what a person edits (see _version_follows_the_record below);
    # every UPDATE still checks it, so no write goes over a change it did not see.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    @property
    def door_safety_note(self) -> str:
        """The short safety text for phones and route sheets: none while it awaits review."""
        return "" if self.safety_review_needed else (self.safety_note or "")

    partners: Mapped[list[Partner]] = relationship(
        back_populates="citizen", order_by="Partner.id", cascade="all, delete-orphan"
    )
    exemptions: Mapped[list[Exemption]] = relationship(
        back_populates="citizen", order_by="Exemption.starts_on", cascade="all, delete-orphan"
    )

    @property
    def full_address(self) -> str:
        return f"{self.address}, {self.postcode} {self.city}"


#: What the system keeps on the record for itself: why the last address lookup failed,
#: where the position came from (it moves with the position, which is the record's), the
#: time of the last change. Changing only these leaves the version, so a lookup that
#: fails while a coordinator has the edit form open does not refuse the form's save.
BOOKKEEPING_COLUMNS = frozenset({"geocode_failure", "position_source", "updated_at", "version"})


@event.listens_for(Citizen, "before_update")
def _version_follows_the_record(_mapper, _connection, citizen: Citizen) -> None:
    state = inspect(citizen)
    if any(state.attrs[column.key].history.has_changes() for column in state.mapper.column_attrs
           if column.key not in BOOKKEEPING_COLUMNS):
        citizen.version = citizen.version + 1


class Partner(db.Model):
    """Someone around the citizen: a mentor, support contact person, representative, ..."""

    __tablename__ = "partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(120))
    organisation: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(120))
    # A party representative also gets the hearing letter.
    is_representative: Mapped[bool] = mapped_column(Boolean, default=False)

    citizen: Mapped[Citizen] = relationship(back_populates="partners")


class Exemption(db.Model):
    """A documented reason that the citizen is not to be sanctioned in a period."""

    __tablename__ = "exemptions"
    __table_args__ = (
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="period_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    citizen: Mapped[Citizen] = relationship(back_populates="exemptions")


class GeocodeCacheEntry(db.Model):
    """Addresses are geocoded once; routes_planner.geocode reads and writes through this."""

    __tablename__ = "geocode_cache"

    address_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
