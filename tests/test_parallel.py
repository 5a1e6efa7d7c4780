"""Serial, multi-process and Dask builds write the same files, byte for byte."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.cli import main
from kg.pipeline import OUTPUT_FILES, build

DATA = Path(__file__).resolve().parents[1] / "data" / "articles"


@pytest.fixture(scope="module")
def serial(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serial")
    assert main(["build", str(DATA), "--out", str(out), "-q"]) == 0
    return out


def _same_files(a: Path, b: Path) -> None:
    for name in OUTPUT_FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_parallel_jobs_build_is_identical(serial, tmp_path):
    assert main(["build", str(DATA), "--out", str(tmp_path), "-q", "--jobs", "2"]) == 0
    _same_files(serial, tmp_path)


def test_parallel_dask_build_is_identical(serial, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        build([DATA], tmp_path, dask=client)
    _same_files(serial, tmp_path)


def test_parallel_failures_are_reported_in_input_order(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(DATA, folder)
    (folder / "zz-empty.txt").write_text("")
    report = build([folder], tmp_path / "out", jobs=2)
    assert report.articles == 8
    assert [str(f).split(":")[0].rsplit("/", 1)[-1] for f in report.failures] == ["zz-empty.txt"]
