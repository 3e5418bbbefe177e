"""The workbench's acts, shared by the page (考核规范 / Specs workbench) and `kpi spec`:
open a spec, check and save a draft, preview it, submit it, approve or reject it.

Which specs an account may work on comes from the scope layer: a liaison or department
head the specs that scored someone (or some unit) of their scope in the latest build; the
appraisal office and admins every spec of the folder. Each act checks the draft again
against the files and the data as they are now, then calls the store's service
(``kpi_warehouse.store.spec_drafts``), which checks the role, writes and records it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from kpi_warehouse.preview.files import InputFileError
from kpi_warehouse.specs.loader import SpecError, load_spec
from kpi_warehouse.store import spec_drafts
from kpi_warehouse.store.accounts import AccountView
from kpi_warehouse.store.roles import Role
from kpi_warehouse.store.scope import Scope, scoped_connection
from kpi_warehouse.store.spec_drafts import DraftError, DraftInput, DraftView, NotAllowed
from kpi_warehouse.workbench import files
from kpi_warehouse.workbench.check import Check, check_draft
from kpi_warehouse.workbench.files import SpecFile
from kpi_warehouse.workbench.preview import NothingToPreview, WorkbenchPreview, preview_draft, warm

__all__ = ["DraftError", "NotAllowed", "Workbench"]

ALL_SPECS_ROLES = frozenset({Role.ADMIN, Role.APPRAISAL_OFFICE})
_SPECS_IN_SCOPE = (
    "SELECT DISTINCT spec_id FROM fct_appraisal UNION SELECT DISTINCT spec_id FROM dim_indicator"
)


def allowed_spec_ids(scope: Scope, snapshot: Path | str | None) -> frozenset[str] | None:
    """The spec ids ``scope`` may work on; None means every spec."""
    if scope.role_set & ALL_SPECS_ROLES:
        return None
    if snapshot is None or not Path(snapshot).is_file():
        return frozenset()
    with scoped_connection(scope, snapshot) as con:
        return frozenset(r[0] for r in con.execute(_SPECS_IN_SCOPE).fetchall() if r[0])


@dataclass(frozen=True)
class Workbench:
    """One account's workbench over the specs folder and the latest build."""

    account: AccountView
    scope: Scope
    snapshot: Path | None
    url: str | None = None  # the store (default KPI_APP_URL)

    def require_use(self) -> None:
        if not spec_drafts.may_use(self.account):
            raise NotAllowed(
                f"{self.account.username} 无权使用考核规范工作台 / {self.account.username} "
                "may not use the specs workbench"
            )

    @cached_property
    def allowed(self) -> frozenset[str] | None:
        """The spec ids this account may work on (None: all), read once per workbench."""
        self.require_use()
        return allowed_spec_ids(self.scope, self.snapshot)

    def specs(self) -> list[SpecFile]:
        """The spec files the account may open."""
        allowed = self.allowed
        return [
            f
            for f in files.spec_index()
            if f.spec_id is not None and (allowed is None or f.spec_id in allowed)
        ]

    def spec_file(self, relative: str) -> SpecFile:
        allowed = self.allowed
        for f in files.spec_index():
            if f.relative == relative:
                if f.spec_id is None or (allowed is not None and f.spec_id not in allowed):
                    break
                return f
        raise NotAllowed(
            f"无权打开或没有考核细则文件 {relative} / not permitted or no spec file {relative}"
        )

    def read(self, spec: SpecFile) -> str:
        return files.read_text(files.resolve(spec.relative))

    def check(self, text: str, base: SpecFile) -> Check:
        return check_draft(text, base, snapshot=self.snapshot)

    def draft(self, draft_id: int) -> DraftView:
        found = spec_drafts.get(draft_id, self.url)
        allowed = self.allowed
        if allowed is not None and found.spec_id not in allowed:
            raise NotAllowed(f"无权查看草稿 #{draft_id} / not permitted: draft #{draft_id}")
        return found

    def drafts(self, status: str | None = None) -> list[DraftView]:
        return spec_drafts.visible(self.account, self.allowed, status, self.url)

    def save(
        self, text: str, base_file: str | None = None, draft_id: int | None = None
    ) -> tuple[DraftView, Check]:
        """Save a new draft of ``base_file`` or a new text of draft ``draft_id``."""
        allowed = self.allowed
        if draft_id is not None:
            existing = self.draft(draft_id)
            base_file, base_sha = existing.base_file, existing.base_sha256
            base = self._base_as_opened(existing)
        else:
            if base_file is None:
                raise DraftError("需要指定所依据的细则文件 / the spec file to start from is needed")
            base = self.spec_file(base_file)
            base_sha = base.sha256
        found = self.check(text, base)
        head = files.header(text)
        saved = spec_drafts.save(
            self.account,
            DraftInput(
                spec_id=str(base.spec_id),
                version=str(head.get("version") or base.version or ""),
                base_file=base.relative,
                base_sha256=base_sha,
                target_file=found.target,
                text=text,
                errors=len(found.errors),
                warnings=len(found.warnings),
            ),
            allowed,
            draft_id,
            self.url,
        )
        return saved, found

    def _base_as_opened(self, draft: DraftView) -> SpecFile:
        for f in files.spec_index():
            if f.relative == draft.base_file:
                return f
        raise DraftError(
            f"草稿 #{draft.draft_id} 所依据的文件 {draft.base_file} 已不存在 / the file draft "
            f"#{draft.draft_id} started from, {draft.base_file}, no longer exists"
        )

    def check_saved(self, draft: DraftView) -> Check:
        return self.check(draft.text, self._base_as_opened(draft))

    def preview(self, text: str, base: SpecFile) -> tuple[Check, WorkbenchPreview | None]:
        """Check the text; when it has no error, preview it against the version in force."""
        found = self.check(text, base)
        return found, self.preview_checked(found, base)

    def warm(self, base: SpecFile) -> None:
        """Read the last period and score the version in force ahead of the first preview;
        nothing when there is nothing to preview on."""
        if self.snapshot is None:
            return
        try:
            warm(self.scope, self.snapshot, load_spec(files.resolve(base.relative)))
        except (NothingToPreview, SpecError, InputFileError):
            return

    def preview_checked(self, found: Check, base: SpecFile) -> WorkbenchPreview | None:
        """The preview of a draft already checked (None when it has errors)."""
        if found.spec is None or self.snapshot is None:
            return None
        current = load_spec(files.resolve(base.relative))
        return preview_draft(self.scope, self.snapshot, current, found.spec)

    def _require_clean(self, draft: DraftView) -> Check:
        found = self.check_saved(draft)
        if found.errors:
            raise DraftError(
                f"草稿 #{draft.draft_id} 按当前数据检查有 {len(found.errors)} 个错误 / draft "
                f"#{draft.draft_id} has {len(found.errors)} error(s) against the current data:\n"
                + "\n".join(map(str, found.errors))
            )
        return found

    def submit(self, draft_id: int) -> DraftView:
        draft = self.draft(draft_id)
        self._require_clean(draft)
        return spec_drafts.submit(self.account, draft_id, self.allowed, self.url)

    def approve(self, draft_id: int) -> DraftView:
        """Approve: check again, then write the file (and end the version it follows)."""
        draft = self.draft(draft_id)
        base = self._base_as_opened(draft)
        if files.sha256(self.read(base)) != draft.base_sha256:
            raise DraftError(
                f"{draft.base_file} 在草稿 #{draft_id} 起草后已被修改：请退回，由起草人重新打开"
                f"后再起草 / {draft.base_file} changed after draft #{draft_id} was started: "
                "reject it so the author redrafts from the current file"
            )
        found = self._require_clean(draft)

        def write(decided: DraftView) -> str:
            assert decided.decided_by is not None and decided.decided_at is not None
            text = files.stamped(
                decided.text, decided.author, decided.decided_by, decided.decided_at, draft_id
            )
            digest = files.write_atomically(files.resolve(found.target), text)
            if found.ends is not None:
                ended, last_day = found.ends
                path = files.resolve(ended.relative)
                files.write_atomically(path, files.ended(files.read_text(path), last_day))
            return digest

        return spec_drafts.approve(self.account, draft_id, self.allowed, write, self.url)

    def reject(self, draft_id: int, reason: str) -> DraftView:
        self.draft(draft_id)
        return spec_drafts.reject(self.account, draft_id, reason, self.allowed, self.url)
