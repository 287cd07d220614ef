"""The author's kit: scaffold, schema, generated reference, and hostile packs."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
import tomli
from click.testing import CliRunner

from game.cli import main
from game.content.authoring import reference, schemas
from game.content.loader import PackError, load_content, validate_packs

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "content" / "base"


def test_a_new_pack_validates_and_loads(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["pack", "new", str(tmp_path / "my_pack")])
    assert result.exit_code == 0, result.output
    assert validate_packs([BASE, tmp_path / "my_pack"]) == []
    content = load_content([BASE, tmp_path / "my_pack"])
    assert "my_pack:first_event" in content.events
    again = CliRunner().invoke(main, ["pack", "new", str(tmp_path / "my_pack")])
    assert again.exit_code == 2 and "already exists and is not empty" in again.output
    bad = CliRunner().invoke(main, ["pack", "new", str(tmp_path / "My Pack")])
    assert bad.exit_code == 2 and "cannot be a pack id" in bad.output


def test_validate_command_exit_codes_and_json(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    clean = runner.invoke(main, ["pack", "validate", str(BASE)])
    assert clean.exit_code == 0 and "no problems" in clean.output
    monkeypatch.chdir(tmp_path / "..")
    runner.invoke(main, ["pack", "new", str(tmp_path / "p")])
    events = tmp_path / "p" / "events" / "events.toml"
    events.write_text(events.read_text().replace("hype >= 20", "hyp >= 20"))
    broken = runner.invoke(main, ["pack", "validate", str(tmp_path / "p"), "--format", "json"])
    assert broken.exit_code == 1
    (problem,) = json.loads(broken.output)
    # relative to where the command ran, so an editor or CI can open it
    assert problem == {"file": f"{tmp_path.name}/p/events/events.toml", "line": 8,
                       "column": 24, "field": "event[1].when",
                       "message": "unknown stat 'hyp' — did you mean 'hype'?"}
    github = runner.invoke(main, ["pack", "validate", str(tmp_path / "p"), "--format",
                                  "github"])
    assert github.exit_code == 1
    assert github.output.splitlines()[0] == (
        f"::error file={tmp_path.name}/p/events/events.toml,line=8,col=24,"
        "title=event[1].when::unknown stat 'hyp' — did you mean 'hype'?")


SCHEMA_FOR = {"pack.toml": "pack", "rivals.toml": "rivals", "products.toml": "products",
              "scenarios.toml": "scenarios", "endings.toml": "endings",
              "prompts.toml": "prompts"}


def base_files() -> list[tuple[Path, str]]:
    files = [(BASE / name, kind) for name, kind in SCHEMA_FOR.items()]
    return files + [(path, "events") for path in sorted((BASE / "events").glob("*.toml"))]


@pytest.mark.parametrize(("path", "kind"), base_files(), ids=lambda v: getattr(v, "name", v))
def test_the_schema_accepts_every_base_pack_file(path: Path, kind: str) -> None:
    jsonschema.validate(tomli.loads(path.read_text()), schemas()[kind])


def test_the_schema_rejects_a_misspelled_key() -> None:
    data = tomli.loads((BASE / "events" / "legal_and_money.toml").read_text())
    data["event"][0]["chanse"] = 0.2
    with pytest.raises(jsonschema.ValidationError, match="chanse"):
        jsonschema.validate(data, schemas()["events"])


def test_the_checked_in_docs_and_schemas_match_the_code() -> None:
    assert (ROOT / "docs" / "reference.md").read_text() == reference() + "\n"
    for kind, schema in schemas().items():
        written = json.loads((ROOT / "schemas" / f"moat-{kind}.schema.json").read_text())
        assert written == schema, f"run: moat pack schema (moat-{kind}.schema.json is stale)"


def test_the_tutorial_example_is_real_base_pack_text() -> None:
    doc = (ROOT / "docs" / "packs.md").read_text()
    example = doc.split("```toml\n[[event]]\nid = \"pc_sharing_proposal\"")[1].split("```")[0]
    source = (BASE / "events" / "people_and_compute.toml").read_text()
    for line in example.strip().splitlines():
        assert line in source, line


def make_pack(root: Path, files: dict[str, bytes]) -> Path:
    root.mkdir(parents=True)
    (root / "pack.toml").write_bytes(b'id = "hostile"\nname = "H"\nversion = "1.0"\n')
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


HOSTILE = {
    "binary": {"events/x.toml": bytes(range(256)) * 20},
    "enormous": {"events/x.toml": b'# big\n' + b"a = 1\n" * 9_000_000},
    "deeply nested": {"events/x.toml": b"x = " + b"[" * 100_000 + b"]" * 100_000},
    "hostile expression": {"events/x.toml": (
        '[[event]]\nid = "h"\ntitle = "H"\ntheme = "press"\nstory = "s"\n'
        "when = '__import__(\"os\").system(\"touch /tmp/pwned\")'\n"
        '[[event.choice]]\nid = "a"\ntext = "a"\nresult = "r"\n'
        'effects = { cash = "' + "(" * 50 + "1" + ")" * 50 + '" }\n').encode()},
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_packs_get_a_report_in_bounded_time(tmp_path: Path, kind: str) -> None:
    pack = make_pack(tmp_path / "hostile", HOSTILE[kind])
    start = time.perf_counter()
    with pytest.raises(PackError) as caught:
        load_content([BASE, pack])
    assert time.perf_counter() - start < 10
    text = str(caught.value)
    assert "hostile/events/x.toml:" in text
    assert not Path("/tmp/pwned").exists()


def test_an_empty_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    assert [str(p) for p in validate_packs([BASE, tmp_path / "empty"])] == [
        "empty/pack.toml:1:1: (pack): a pack needs a pack.toml manifest"]


def test_validate_never_imports_textual(tmp_path: Path) -> None:
    code = ("import sys; from click.testing import CliRunner; from game.cli import main; "
            f"r = CliRunner().invoke(main, ['pack', 'validate', {str(BASE)!r}]); "
            "assert r.exit_code == 0, r.output; sys.exit(1 if 'textual' in sys.modules else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 0, result.stderr
