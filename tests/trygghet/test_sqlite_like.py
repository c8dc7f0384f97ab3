"""`trygghet.sqlite.like`, the LIKE the demo's SQLite answers with, asked through SQLite itself:
case ignored in every language, and % and _ wildcards unless escaped, as LIKE defines them."""

import sqlite3

import pytest

from trygghet.sqlite import like


@pytest.fixture
def db():
    connection = sqlite3.connect(":memory:")
    for arguments in (2, 3):
        connection.create_function("like", arguments, like, deterministic=True)
    connection.execute("CREATE TABLE t (text TEXT)")
    connection.executemany("INSERT INTO t VALUES (?)", [
        ("Övergiven cykel",), ("Mörkt i gångtunneln",), ("Rabatt 50% på allt_nu",),
        ("två\nrader",), (None,)])
    yield connection
    connection.close()


@pytest.mark.parametrize("pattern, found", [
    ("%övergiven%", ["Övergiven cykel"]),
    ("%GÅNGTUNNELN", ["Mörkt i gångtunneln"]),
    ("m_rkt%", ["Mörkt i gångtunneln"]),
    ("%50\\%%", ["Rabatt 50% på allt_nu"]),       # escaped: a percent sign
    ("%5\\%a%", []),
    ("%l\\_t%", []),                              # escaped: an underscore, not any letter
    ("%t\\_n%", ["Rabatt 50% på allt_nu"]),
    ("två%rader", ["två\nrader"]),                 # % spans a line break
    ("%.*%", []),                                 # a regular expression's signs are letters
    ("cykel", []),                                # the whole text, not a part of it
])
def test_like_ignores_case_and_keeps_its_wildcards(db, pattern, found):
    rows = db.execute("SELECT text FROM t WHERE text LIKE ? ESCAPE '\\' ORDER BY rowid",
                      [pattern]).fetchall()
    assert [text for text, in rows] == found


def test_like_without_escape_and_with_null(db):
    assert db.execute("SELECT count(*) FROM t WHERE text LIKE '%ÖVER%'").fetchone() == (1,)
    assert db.execute("SELECT NULL LIKE 'a', 'a' LIKE NULL").fetchone() == (None, None)
