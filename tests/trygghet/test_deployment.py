"""What a municipality's server runs: production settings and docker-compose.yml."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x7#kq2!v9@LmZ4pR8wT1nB6cY3dF5gH0jK-sA_eU*iO&pQ^rS%tV",
    "ALLOWED_HOSTS": "trygghet.kommun.se",
    "DATABASE_URL": "postgres://trygghet:secret@db.kommun.se:5432/trygghet",
    "REDIS_URL": "redis://redis.kommun.se:6379/0",
}


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("TRYGGHET_TESTING", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(PRODUCTION, **extra)
    return env


def test_check_deploy_prints_no_warnings_in_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=production_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_production_hashes_passwords_with_pbkdf2_and_never_accepts_md5():
    script = ("from django.contrib.auth.hashers import get_hashers, make_password; "
              "print(make_password('demo').split('$')[0]); "
              "print(' '.join(h.algorithm for h in get_hashers()))")
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT,
                            env=production_env(), capture_output=True, text=True, timeout=120)
    first, accepted = result.stdout.split("\n")[-3:-1]
    assert first == "pbkdf2_sha256" and "md5" not in accepted.split(), result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    env.pop("SECRET_KEY")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_docker_compose_file_is_valid():
    assert shutil.which("docker-compose"), "scripts/system-packages.sh installs docker-compose"
    env = production_env(POSTGRES_PASSWORD="secret")
    result = subprocess.run(["docker-compose", "-f", "docker-compose.yml", "config"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    for service in ("db:", "redis:", "web:", "worker:", "beat:"):
        assert service in result.stdout
    assert "healthcheck" in result.stdout


def test_docker_compose_demands_the_secrets():
    env = {k: v for k, v in production_env().items() if k != "SECRET_KEY"}
    result = subprocess.run(["docker-compose", "-f", "docker-compose.yml", "config"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
