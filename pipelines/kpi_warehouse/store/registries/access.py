"""Who may write a registry: a ``registry_owner`` account of the registry's owner office.

How an account's org unit maps to an owner office (decision): org units are named
``<procuratorate_id>-<dept_key>`` (the office system's ``org_units`` rows, e.g.
``PRC-D1-political``), so the account's ``org_unit_id`` with its ``procuratorate_id``
prefix removed is the dept_key, which must equal the registry's ``owner_dept_key``
(office, political, publicity, research, supervision). An account without an org unit,
or in another office, is refused (fail closed). The records it writes are
``recorded_by`` its org unit.
"""

from __future__ import annotations

from kpi_warehouse.store.accounts import AccountView
from kpi_warehouse.store.registries.spec import Registry
from kpi_warehouse.store.roles import Role


class NotAllowed(PermissionError):
    """The actor may not do this act."""


def dept_key(account: AccountView) -> str | None:
    unit = account.org_unit_id
    if not unit:
        return None
    prefix = f"{account.procuratorate_id}-" if account.procuratorate_id else None
    if prefix and unit.startswith(prefix):
        return unit[len(prefix) :]
    return unit.rsplit("-", 1)[-1]


def require_owner(account: AccountView, reg: Registry) -> str:
    """The org unit the account writes for; NotAllowed unless it keeps ``reg``."""
    if account.disabled:
        raise NotAllowed(f"账户 {account.username} 已停用 / account {account.username} is disabled")
    if Role.REGISTRY_OWNER.value not in account.roles:
        raise NotAllowed(
            f"{account.username} 不是登记部门账户，不能修改{reg.label} / "
            f"{account.username} is not a registry owner and may not write {reg.name}"
        )
    if dept_key(account) != reg.owner_dept_key:
        raise NotAllowed(
            f"{reg.label}由{reg.owner_label}登记，{account.username} 所在部门"
            f"（{account.org_unit_id}）无权修改 / {reg.name} is kept by the "
            f"{reg.owner_dept_key} office; {account.username} ({account.org_unit_id}) "
            "may not write it"
        )
    return str(account.org_unit_id)
