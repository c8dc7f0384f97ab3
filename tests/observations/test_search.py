"""The log's free-text search: what it finds, on the page and in the API alike, and that the
database can answer it from its trigram indexes instead of reading every row."""

import pytest
from django.db import connection

from observations.models import Category, Observation
from trygghet.models import Area

from ..conftest import as_user
from ..factories import ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(areas, reporter):
    lighting = Category.objects.get(slug="belysning")
    graffiti = Category.objects.get(slug="klotter")
    return {
        "tunnel": ObservationFactory(reporter=reporter, category=lighting, area=areas["Tibble"],
                                     description="Mörkt i gångtunneln, två lampor trasiga."),
        "place": ObservationFactory(reporter=reporter, category=lighting, area=areas["Tibble"],
                                    description="", place_description="Vid ÅVC-infarten"),
        "graffiti": ObservationFactory(reporter=reporter, category=graffiti,
                                       area=areas["Tibble"], description="Tags på elskåp."),
        "bro": ObservationFactory(reporter=reporter, category=lighting,
                                  area=areas["Bro centrum"], description="Släckt."),
        "percent": ObservationFactory(reporter=reporter, category=lighting,
                                      area=areas["Tibble"], description="Rabatt 50% på allt_nu"),
    }


def found(client, q):
    page = client.get("/observationer/", {"q": q})
    assert page.status_code == 200
    api = client.get("/api/v1/observations/", {"q": q, "page_size": 100})
    assert api.status_code == 200
    listed = {row["id"] for row in page.context["page"].object_list}
    assert listed == {row["id"] for row in api.json()["results"]}, q
    return listed


@pytest.mark.parametrize("q, expected", [
    ("GÅNGTUNNELN", {"tunnel"}),                    # the description, any case, å included
    ("åvc", {"place"}),                             # the place
    ("klotter", {"graffiti"}),                      # the category's name
    ("SKADEGÖRELSE", set()),                        # a category nothing was logged in
    ("bro cent", {"bro"}),                          # the area's name
    ("  tunneln ", {"tunnel"}),                     # spaces around the words
    ("50%", {"percent"}),                           # % and _ are letters, not wildcards
    ("5%a", set()),
    ("l_t", set()),
    ("allt_nu", {"percent"}),
    ("zzzz-inget", set()),
])
def test_free_text_finds_description_place_category_and_area(client, logged, coordinator, q,
                                                             expected):
    as_user(client, coordinator)
    assert found(client, q) == {logged[name].pk for name in expected}


@pytest.mark.django_db(transaction=True)
def test_a_renamed_added_or_retired_name_is_found_as_it_now_reads(client, logged, coordinator,
                                                                   areas, reporter):
    """Outside a test's transaction, as a server runs: nothing kept answers with old names."""
    as_user(client, coordinator)
    assert found(client, "gatukonst") == set()
    graffiti = Category.objects.get(slug="klotter")
    graffiti.name = "Gatukonst och klotter"
    graffiti.save()
    assert found(client, "gatukonst") == {logged["graffiti"].pk}
    Area.objects.filter(pk=areas["Tibble"].pk).update(name="Tibble torg")
    assert found(client, "tibble torg") == {logged[name].pk for name in
                                            ("tunnel", "place", "graffiti", "percent")}
    # A retired category's rows are still found by its name.
    Category.objects.filter(pk=graffiti.pk).update(active=False)
    assert found(client, "gatukonst") == {logged["graffiti"].pk}
    new = Category.objects.create(name="Sprutmålning", slug="sprutmalning", order=99)
    sprayed = ObservationFactory(reporter=reporter, category=new, area=None, description="")
    assert found(client, "SPRUTMÅL") == {sprayed.pk}
    # A row without an area is not found by an area's name.
    assert found(client, "tibble torg") == {logged[name].pk for name in
                                            ("tunnel", "place", "graffiti", "percent")}


def test_the_search_keeps_to_what_the_reader_may_see(client, logged, police, guard):
    """A guard (a partner, not the police) does not find a restricted row by its words."""
    Observation.objects.filter(pk=logged["tunnel"].pk).update(restricted=True)
    as_user(client, police)
    assert found(client, "gångtunneln") == {logged["tunnel"].pk}
    as_user(client, guard)
    assert found(client, "gångtunneln") == set()


@pytest.mark.parametrize("q", ["gångtunneln", "zzzz-inget", "Klotter"])
def test_postgresql_answers_the_words_from_trigram_indexes(logged, q):
    """With the database told not to read the table or an index whole, the search is answered by the two
    trigram indexes and, for a category's name, the category's own index: a join or another
    expression for the words would leave it nothing but reading every row, as on a million
    rows it did (three seconds for a word that no row held)."""
    from observations.filters import ObservationFilterSet

    rows = ObservationFilterSet({"q": q}, queryset=Observation.objects.all()).qs
    sql, params = rows.order_by().values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        # Neither the whole table nor the whole of another index: what is left is to look the
        # words up.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(line for line, in cursor.fetchall())
    assert "Seq Scan" not in plan, plan
    assert "observation_description_trgm" in plan and "observation_place_trgm" in plan, plan
    assert "JOIN" not in sql
