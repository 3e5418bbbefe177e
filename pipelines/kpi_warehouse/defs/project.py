"""The dbt project, prepared explicitly (the pattern of dagster-open-platform).

Loading the Dagster definitions only reads ``dbt_project/target/manifest.json``; nothing is
parsed at import. The manifest is made by:

- `dagster dev` (`make dagster`): :meth:`DbtProject.prepare_if_dev` re-parses at load;
- `kpi build`: :func:`prepare` before the definitions load;
- by hand, e.g. before `dagster job execute`:
  ``dagster-dbt project prepare-and-package --file pipelines/kpi_warehouse/defs/project.py``.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from dagster._utils import run_with_concurrent_update_guard
from dagster_dbt import DbtProject

from kpi_warehouse.config import settings

os.environ.setdefault("DO_NOT_TRACK", "1")

# The dbt beside this interpreter, whether or not the virtualenv's bin is on PATH.
DBT_EXECUTABLE = str(Path(sys.executable).with_name("dbt"))

dbt_project = DbtProject(project_dir=settings().dbt_project_dir)
dbt_project.prepare_if_dev()


class ManifestMissing(RuntimeError):
    """The dbt project has not been prepared."""


class DbtParseError(RuntimeError):
    """dbt could not parse the project (the message is dbt's)."""


def _parse(project: DbtProject) -> None:
    # In this process (dbtRunner): the build imports dbt anyway, a subprocess would again.
    from dbt.cli.main import dbtRunner

    args = ["parse", "--quiet", "--project-dir", str(project.project_dir)]
    args += ["--profiles-dir", str(project.profiles_dir)]
    args += ["--target-path", str(project.project_dir / project.target_path)]
    result = dbtRunner().invoke(args)
    if not result.success:
        raise DbtParseError(str(result.exception or "dbt parse failed"))


def prepare(project: DbtProject = dbt_project) -> Path:
    """Parse the dbt project into its manifest (raises if dbt cannot parse it).

    Several processes may prepare at once (tests, `dagster dev`): one parses, the others
    wait and reuse its manifest. A manifest parsed from the same code (the digest of the
    dbt project's files and the package, ``build_inputs.code_digest``) is kept as it is.
    """
    from kpi_warehouse.build_inputs import code_digest

    code = code_digest(project.project_dir)
    stamp = project.manifest_path.with_name("manifest.code")
    if project.manifest_path.is_file() and stamp.is_file() and stamp.read_text() == code:
        return project.manifest_path
    run_with_concurrent_update_guard(project.manifest_path, _parse, project=project)
    stamp.write_text(code)
    _remove_invocation_dirs(project)
    return project.manifest_path


def _remove_invocation_dirs(project: DbtProject) -> None:
    """Delete the per-invocation target folders that dagster-dbt made before builds got a
    fixed target folder (``Warehouse.dbt_target_path``): ``target/warehouse_models-*``."""
    for path in (project.project_dir / project.target_path).glob("warehouse_models-*"):
        shutil.rmtree(path, ignore_errors=True)


def manifest_path(project: DbtProject = dbt_project) -> Path:
    """The prepared manifest, or an error that says how to prepare it."""
    if not project.manifest_path.exists():
        raise ManifestMissing(
            f"dbt 项目尚未解析（缺少 {project.manifest_path}）：请先运行 kpi build，或 "
            "dagster-dbt project prepare-and-package --file pipelines/kpi_warehouse/defs/project.py"
            f" / the dbt project is not prepared (no {project.manifest_path}): run `kpi build` "
            "or `dagster-dbt project prepare-and-package --file "
            "pipelines/kpi_warehouse/defs/project.py` first"
        )
    return project.manifest_path
