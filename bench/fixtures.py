"""The benches' fixtures, through SQL on a cursor: partner organisations with a reporter each
(and, where asked, a coordinator who sees restricted rows), and areas in a grid. No import
side effects, so that each bench can point Django at its own database first."""

import psycopg2


def admin(url, sql):
    """Run one statement on the server's `postgres` database (create and drop)."""
    conn = psycopg2.connect(url)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(sql)
    conn.close()


def partners_and_areas(cursor, *, partners, areas, coordinator=False):
    """`partners` organisations (Partner 1…) with a reporter each (user1…); with `coordinator`
    one more user, the last, a coordinator of the last partner; and `areas` areas of 0.05° by
    0.03° in rows of six."""
    users = partners + (1 if coordinator else 0)
    cursor.execute("INSERT INTO trygghet_organisation (name, kind, active) SELECT 'Partner ' || i, "
                   "'kommun', true FROM generate_series(1, %s) i", [partners])
    cursor.execute("INSERT INTO auth_user (username, password, is_superuser, first_name, "
                   "last_name, email, is_staff, is_active, date_joined) SELECT 'user' || i, '!', "
                   "false, '', '', '', false, true, now() FROM generate_series(1, %s) i", [users])
    cursor.execute("INSERT INTO trygghet_membership (user_id, organisation_id, role, "
                   "lagesbild_email) SELECT u.id, o.id, CASE WHEN substr(u.username, 5)::int > %s "
                   "THEN 'coordinator' ELSE 'reporter' END, false FROM auth_user u "
                   "JOIN trygghet_organisation o "
                   "ON o.name = 'Partner ' || least(%s, substr(u.username, 5)::int)",
                   [partners, partners])
    cursor.execute("""
        INSERT INTO trygghet_area (name, kind, geometry, min_lon, min_lat, max_lon, max_lat, size)
        SELECT 'Område ' || i, 'annat',
          json_build_object('type', 'Polygon', 'coordinates', json_build_array(json_build_array(
            json_build_array(17.5 + (i %% 6) * 0.05, 59.4 + (i / 6) * 0.03),
            json_build_array(17.55 + (i %% 6) * 0.05, 59.4 + (i / 6) * 0.03),
            json_build_array(17.55 + (i %% 6) * 0.05, 59.43 + (i / 6) * 0.03),
            json_build_array(17.5 + (i %% 6) * 0.05, 59.43 + (i / 6) * 0.03),
            json_build_array(17.5 + (i %% 6) * 0.05, 59.4 + (i / 6) * 0.03)))),
          17.5 + (i %% 6) * 0.05, 59.4 + (i / 6) * 0.03, 17.55 + (i %% 6) * 0.05,
          59.43 + (i / 6) * 0.03, 0.0015
        FROM generate_series(0, %s - 1) i""", [areas])
