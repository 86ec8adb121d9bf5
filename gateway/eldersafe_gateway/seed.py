"""``python -m eldersafe_gateway.seed``: demo accounts and the city-platform client (idempotent).

Reads ``deploy/demo/district.json``; refuses to run in production. ``--bootstrap-admin USERNAME`` is the
production path instead: it creates one admin whose password comes from GATEWAY_BOOTSTRAP_ADMIN_PASSWORD.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from pathlib import Path
from typing import Any

from sqlmodel import Session

from eldersafe_common.auth import Position, Role
from eldersafe_common.db import transaction

from .accounts import repository as accounts
from .accounts import service as account_service
from .accounts.schemas import AccountCreate
from .auth import repository as clients
from .deps import get_engine
from .models import ApiClient
from .passwords import hash_secret
from .settings import GatewaySettings, get_settings


def seed_demo(*, session: Session, district: dict[str, Any]) -> tuple[int, int]:
    """Create the demo accounts and clients that do not exist yet; return how many were created."""
    password = district["demo_password"]
    created_accounts = created_clients = 0
    for entry in district.get("accounts", []):
        if accounts.username_taken(session, entry["username"]):
            continue
        account_service.create_account(session=session, data=AccountCreate.model_validate(
            {**entry, "password": password}, strict=False,
        ))
        created_accounts += 1
    for entry in district.get("clients", []):
        if clients.get_client(session, entry["client_id"]) is not None:
            continue
        clients.add_client(session, ApiClient(
            id=str(uuid.uuid4()), client_id=entry["client_id"], name=entry["name"],
            secret_hash=hash_secret(district["demo_client_secret"]), scopes=list(entry.get("scopes", [])),
            area=entry.get("area", district["district"]), created_at=account_service.utcnow(),
        ))
        created_clients += 1
    return created_accounts, created_clients


def bootstrap_admin(*, session: Session, settings: GatewaySettings, username: str, area: str) -> bool:
    """Create the first real admin (production); False when the username exists already."""
    if settings.bootstrap_admin_password is None:
        raise SystemExit("GATEWAY_BOOTSTRAP_ADMIN_PASSWORD is not set")
    if accounts.username_taken(session, username):
        return False
    account_service.create_account(session=session, data=AccountCreate(
        username=username, name="Administrator", password=settings.bootstrap_admin_password.get_secret_value(),
        role=Role.admin, position=Position.staff, area=area,
    ))
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--district", type=Path, help="demo district file (default: deploy/demo/district.json)")
    parser.add_argument("--bootstrap-admin", metavar="USERNAME", help="create one admin instead of demo data")
    parser.add_argument("--area", default="999001", help="district code of the bootstrap admin")
    args = parser.parse_args(argv)
    settings = get_settings()
    if args.bootstrap_admin:
        with transaction(get_engine()) as session:
            created = bootstrap_admin(session=session, settings=settings, username=args.bootstrap_admin,
                                      area=args.area)
        print(f"admin {args.bootstrap_admin}: {'created' if created else 'already exists'}")
        return 0
    if settings.environment == "production":
        print("refusing to seed demo accounts in production (see --bootstrap-admin)", file=sys.stderr)
        return 2
    path = args.district or settings.demo_district_path
    district = json.loads(path.read_text(encoding="utf-8"))
    with transaction(get_engine()) as session:
        created_accounts, created_clients = seed_demo(session=session, district=district)
    print(f"seeded {created_accounts} accounts and {created_clients} api clients from {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
