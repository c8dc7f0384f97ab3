import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/admin/", "/admin/trygghet/area/", "/admin/trygghet/organisation/",
         "/admin/trygghet/membership/", "/admin/observations/observation/",
         "/admin/observations/category/", "/admin/situation/situationreport/",
         "/admin/situation/compilejob/", "/admin/observations/observationaccess/",
         "/admin/trygghet/auditentry/", "/admin/authtoken/tokenproxy/",
         "/admin/observations/exportjob/"]


def test_the_admin_pages_open_for_an_administrator(client, areas, admin_user):
    client.force_login(admin_user)
    for path in PAGES:
        assert client.get(path).status_code == 200, path


def test_an_area_with_an_open_ring_is_refused_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/admin/trygghet/area/add/", {
        "name": "Trasig", "kind": "annat",
        "geometry": '{"type": "Polygon", "coordinates": [[[17, 59], [17.1, 59], [17.1, 59.1]]]}'})
    assert response.status_code == 200
    assert "minst fyra punkter" in response.content.decode()


def test_an_administrator_sees_who_exported_what_but_not_the_file(client, admin_user,
                                                                   coordinator):
    from observations.models import ExportJob

    job = ExportJob.objects.create(requested_by=coordinator, format="csv",
                                   filters={"category": ["3"]}, state="done", rows_total=12000,
                                   file="exports/secret.csv")
    client.force_login(admin_user)
    listing = client.get("/admin/observations/exportjob/").content.decode()
    assert "koordinator" in listing and "12000" in listing
    page = client.get(f"/admin/observations/exportjob/{job.pk}/change/")
    assert page.status_code == 200 and "secret.csv" not in page.content.decode()

